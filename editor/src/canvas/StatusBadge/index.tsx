import { memo } from 'react';
import type { NodeStatus } from '../../../../server/api/contract.ts';
import './styles.css';

/** The runtime status under a node: a coloured dot or ring and a short text. */
function StatusBadgeView({ status }: { status: NodeStatus }) {
  return (
    <div className="status-badge" role="status">
      {status.fill && <span className={`status-shape status-${status.shape ?? 'dot'} status-${status.fill}`} aria-hidden="true" />}
      {status.text && <span className="status-text">{status.text}</span>}
    </div>
  );
}

export const StatusBadge = memo(StatusBadgeView);

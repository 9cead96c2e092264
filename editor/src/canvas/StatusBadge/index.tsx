import { memo } from 'react';
import type { NodeStatus } from '../../../../server/api/contract.ts';
import { useEditorState } from '../../store/use-editor.ts';
import './styles.css';

/**
 * The runtime status under a node: a coloured dot or ring and a short text. While the server
 * is unreachable the last status it sent may no longer hold, and the badge says it is stale.
 */
function StatusBadgeView({ status }: { status: NodeStatus }) {
  const stale = useEditorState((s) => s.connection !== 'connected');
  return (
    <div className={stale ? 'status-badge stale' : 'status-badge'} role="status"
      title={stale ? 'Last known status: the server is unreachable, so it may be out of date' : undefined}>
      {status.fill && <span className={`status-shape status-${status.shape ?? 'dot'} status-${status.fill}`} aria-hidden="true" />}
      {status.text && <span className="status-text">{status.text}</span>}
      {stale && <span className="status-stale">(stale)</span>}
    </div>
  );
}

export const StatusBadge = memo(StatusBadgeView);

import { memo } from 'react';
import { ICON_PATHS } from './icon-paths.ts';

/** A node type's icon, or the first letter of its label when the icon name is unknown. */
function NodeIconView({ icon, label }: { icon: string | undefined; label: string }) {
  const path = icon ? ICON_PATHS[icon] : undefined;
  if (!path) return <span className="node-icon-letter">{label.charAt(0).toUpperCase()}</span>;
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="1.6"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={path} />
    </svg>
  );
}

export const NodeIcon = memo(NodeIconView);

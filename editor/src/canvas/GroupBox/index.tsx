import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { FlowCanvasNode } from '../types.ts';
import './styles.css';

/** A group: a box behind its nodes, in Node-RED's style keys (stroke, fill, fill-opacity, label, color). */
function GroupBoxView({ id, data, selected, width, height }: NodeProps<FlowCanvasNode>) {
  const { node } = data;
  const style = (node.config.style ?? {}) as Record<string, unknown>;
  const text = (key: string, fallback: string) => (typeof style[key] === 'string' ? style[key] as string : fallback);
  const showLabel = style.label !== false && Boolean(node.name);
  return (
    <div className={`group-box${selected ? ' selected' : ''}`} data-node-id={id} data-type="group" role="group" aria-label={node.name || 'group'}
      style={{
        width, height, borderColor: text('stroke', '#999'),
        background: text('fill', 'none') === 'none' ? 'transparent' : text('fill', 'transparent'),
        '--group-fill-opacity': String(style['fill-opacity'] ?? 0.5),
      } as React.CSSProperties}>
      {showLabel && <span className="group-label" style={{ color: text('color', '#a4a4a4') }}>{node.name}</span>}
    </div>
  );
}

export const GroupBox = memo(GroupBoxView);

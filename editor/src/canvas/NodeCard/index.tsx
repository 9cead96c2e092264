import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { INPUT_HANDLE, outputHandleId, portCenterY } from '../../graph/canvas-view.ts';
import { hasInput, outputLabel } from '../../graph/schema.ts';
import { useActions } from '../../store/use-editor.ts';
import { configProblems } from '../../graph/config-problems.ts';
import { nodeToggle } from '../../graph/node-toggle.ts';
import { NodeIcon } from '../NodeIcon/index.tsx';
import { StatusBadge } from '../StatusBadge/index.tsx';
import type { FlowCanvasNode } from '../types.ts';
import type { FlowNode, NodeTypeInfo } from '../../graph/types.ts';
import './styles.css';

/**
 * Problems per node object (edits replace the object). A card culled off-screen is mounted
 * again by the next zoom or pan step; validating its config again each time made those steps slow.
 */
const checked = new WeakMap<FlowNode, { info: NodeTypeInfo | undefined; problems: string[] | undefined }>();

function problemsOf(node: FlowNode, info: NodeTypeInfo | undefined): string[] | undefined {
  const known = checked.get(node);
  if (known && known.info === info) return known.problems;
  const problems = configProblems(node, info);
  checked.set(node, { info, problems });
  return problems;
}

/**
 * One node on the canvas: colour and label of its type, its ports, its status badge, the
 * inject button when its type has one, and deploy errors in red. Memoized: React Flow hands
 * it the same `data` object until that node itself changes.
 */
function NodeCardView({ id, data, selected, width, height }: NodeProps<FlowCanvasNode>) {
  const { node, info, outputs, status, deployed, label } = data;
  const actions = useActions();
  // What the schema says is wrong now, checked only for cards on screen (a 3000-node tab
  // draws a few hundred) and again only when the node changes.
  const problems = problemsOf(node, info);
  // Deploy errors first: they are what the server said.
  const errors = data.errors ?? problems;
  const toggle = nodeToggle(node, info);
  const unsupported = node.type === 'unsupported';
  // Kept until a package brings the type (the server's status says so too, once deployed).
  const missing = !info && !status;
  const credentialsMissing = node.credentialsMissing?.length ? node.credentialsMissing : undefined;
  // As in Node-RED, a node that only takes messages in (debug, mqtt out) has its icon on the right.
  const sink = outputs === 0 && hasInput(node.config, info);
  const classes = ['node-card', selected && 'selected', node.disabled && 'disabled', errors && 'invalid', (!info || unsupported) && 'unknown', sink && 'sink']
    .filter(Boolean).join(' ');
  return (
    <div className={classes} style={{ '--node-color': info?.color ?? '#ddd', width, height } as React.CSSProperties}
      data-node-id={id} data-type={node.type} title={errors ? errors.join('\n') : unsupported ? `Node-RED type "${label}": not available in Patchbay (kept for export)` : info ? label : `Missing type "${node.type}": install the package that provides it`}>
      {info?.button && (
        <button type="button" className="node-inject nodrag" aria-label={`Inject ${label}`} disabled={node.disabled || !deployed}
          title={deployed ? `Inject ${label}` : 'Deploy first: this node is not running yet'}
          onClick={(e) => { e.stopPropagation(); void actions.trigger(id); }} />
      )}
      {hasInput(node.config, info) && <Handle type="target" position={Position.Left} id={INPUT_HANDLE} title="Input" />}
      <span className="node-icon" aria-hidden="true"><NodeIcon icon={info?.icon} label={info?.label ?? node.type} /></span>
      <span className="node-label">{label}</span>
      {Array.from({ length: outputs }, (_, port) => (
        <Handle key={port} type="source" position={Position.Right} id={outputHandleId(port)}
          title={outputLabel(node, info, port, outputs)} style={{ top: portCenterY(port, outputs, height ?? 40) }} />
      ))}
      {toggle && (
        <button type="button" className={`node-toggle nodrag${toggle.on ? ' on' : ''}`} aria-pressed={toggle.on}
          aria-label={`${toggle.label}: ${label}`} title={`${toggle.label}: ${toggle.on ? 'on' : 'off'}`}
          onClick={(e) => { e.stopPropagation(); actions.flipToggle(id); }} />
      )}
      {(status || errors || missing || credentialsMissing) && (
        <div className="node-below">
          {status && <StatusBadge status={status} />}
          {missing && <div className="node-missing">missing type: {node.type}</div>}
          {credentialsMissing && <div className="node-missing" title={`Enter ${credentialsMissing.join(', ')} in the node's properties`}>credentials missing</div>}
          {errors && <div className="node-error" role={data.errors ? 'alert' : undefined}>{errors[0]}{errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}</div>}
        </div>
      )}
    </div>
  );
}

export const NodeCard = memo(NodeCardView);

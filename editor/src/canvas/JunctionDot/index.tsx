import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { INPUT_HANDLE, outputHandleId } from '../../graph/canvas-view.ts';
import type { FlowCanvasNode } from '../types.ts';
import './styles.css';

/** A junction: a dot where wires meet, its input and output on the same spot. */
function JunctionDotView({ id, selected }: NodeProps<FlowCanvasNode>) {
  return (
    <div className={`junction-dot${selected ? ' selected' : ''}`} data-node-id={id} data-type="junction" aria-label="junction">
      <Handle type="target" position={Position.Left} id={INPUT_HANDLE} />
      <Handle type="source" position={Position.Right} id={outputHandleId(0)} />
    </div>
  );
}

export const JunctionDot = memo(JunctionDotView);

import { useCallback } from 'react';
import { edgeId, outputHandleId, parseEdgeId } from '../../graph/canvas-view.ts';
import { nodeLabel } from '../../graph/node-label.ts';
import { hasInput, outputCount, outputLabel } from '../../graph/schema.ts';
import { selectEditedNode } from '../../store/selectors.ts';
import { useActions, useEditorState, useStore } from '../../store/use-editor.ts';
import { PickDialog } from '../PickDialog/index.tsx';

/**
 * Wiring by keyboard (W on a selected node): pick the node to wire to by typing part of its
 * name; a node with several outputs lists each output with each target.
 */
export function WireDialog({ onClose }: { onClose(): void }) {
  const store = useStore();
  const actions = useActions();
  const source = useEditorState(selectEditedNode);
  const search = useCallback((query: string) => {
    const { doc, catalogue } = store.get();
    if (!source) return [];
    const outputs = outputCount(source, catalogue.get(source.type));
    const q = query.trim().toLowerCase();
    const items = [];
    for (const target of doc.nodes.values()) {
      const info = catalogue.get(target.type);
      if (target.flow !== source.flow || target.id === source.id || !hasInput(target.config, info)) continue;
      const label = nodeLabel(target, info);
      if (q && !label.toLowerCase().includes(q) && !target.type.includes(q)) continue;
      for (let port = 0; port < outputs; port++) {
        const from = outputs > 1 ? `${outputLabel(source, catalogue.get(source.type), port, outputs)} → ` : '';
        items.push({ id: edgeId(source.id, port, target.id), label: `${from}${label}`, detail: info?.label ?? target.type, color: info?.color });
      }
    }
    return items.slice(0, 30);
  }, [store, source]);
  if (!source) return null;
  const info = store.get().catalogue.get(source.type);
  return (
    <PickDialog title={`Wire ${nodeLabel(source, info)} to`} inputLabel="Node to wire to" placeholder="Type part of the target's name"
      search={search} onClose={onClose} empty={outputCount(source, info) === 0 ? 'This node has no output.' : 'No node on this tab can take a wire from it.'}
      onPick={(id) => {
        const wire = parseEdgeId(id);
        if (wire) actions.connect(wire.source, outputHandleId(wire.port), wire.target);
      }} />
  );
}

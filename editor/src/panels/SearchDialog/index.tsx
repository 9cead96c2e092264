import { useCallback } from 'react';
import { searchNodes } from '../../graph/search.ts';
import { useActions, useStore } from '../../store/use-editor.ts';
import { PickDialog } from '../PickDialog/index.tsx';

/** Search all flows (Ctrl+F) by name, type, id or setting; picking a node opens its tab and selects it. */
export function SearchDialog({ onClose, onFound }: { onClose(): void; onFound(id: string): void }) {
  const store = useStore();
  const actions = useActions();
  const search = useCallback((query: string) => {
    const { doc, catalogue } = store.get();
    return searchNodes(doc, catalogue, query).map((hit) => ({
      id: hit.node.id, label: hit.label, detail: `${catalogue.get(hit.node.type)?.label ?? hit.node.type} · ${hit.where}`,
      color: catalogue.get(hit.node.type)?.color,
    }));
  }, [store]);
  return (
    <PickDialog title="Search flows" inputLabel="Search nodes" placeholder="Name, type, id or a setting (a topic, some code)"
      search={search} onClose={onClose} empty="No node matches."
      onPick={(id) => {
        const node = store.get().doc.nodes.get(id);
        if (node?.flow === undefined) {
          actions.showSidebar('config');
          return;
        }
        actions.revealNode(id);
        onFound(id);
      }} />
  );
}

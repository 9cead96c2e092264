import { useActions, useEditorState } from '../../store/use-editor.ts';
import './styles.css';

/**
 * A strip above the canvas for subflows: while a template is open, its name and the way
 * back; on a tab, "Edit subflow" for a selected instance and "Selection to subflow" for a
 * selection of nodes.
 */
export function SubflowBar() {
  const actions = useActions();
  const template = useEditorState((s) => {
    const node = s.doc.nodes.get(s.activeFlow);
    return node?.type === 'subflow' ? node : undefined;
  });
  const selectedInstance = useEditorState((s) => {
    if (s.selectedNodes.size !== 1) return undefined;
    const node = s.doc.nodes.get([...s.selectedNodes][0]!);
    return node?.type === 'subflow-instance' ? String(node.config.subflow ?? '') : undefined;
  });
  const selected = useEditorState((s) => s.selectedNodes.size);

  if (template) {
    return (
      <div className="subflow-bar editing" role="region" aria-label="Subflow template">
        <span>Editing subflow <strong>{template.name || template.id}</strong></span>
        <button type="button" onClick={() => actions.closeSubflow()}>Back to the flow</button>
      </div>
    );
  }
  if (!selected) return null;
  return (
    <div className="subflow-bar" role="region" aria-label="Subflows">
      {selectedInstance && <button type="button" onClick={() => actions.openSubflow(selectedInstance)}>Edit subflow template</button>}
      {!selectedInstance && <button type="button" onClick={() => actions.subflowFromSelection()}>Selection to subflow</button>}
    </div>
  );
}

import type { FlowError } from '../../../../server/api/contract.ts';
import { nodePathLabel } from '../../graph/field-labels.ts';
import { useActions, useEditorState, useStore } from '../../store/use-editor.ts';
import './styles.css';

/**
 * Every error of the last refused deploy, listed so none is lost: errors about nodes on
 * other tabs, about config nodes, or about the document as a whole. Clicking one shows its node.
 * It lies over the top of the canvas, so the nodes do not move when it appears.
 */
export function DeployErrors() {
  const errors = useEditorState((s) => s.deployErrors);
  const store = useStore();
  const actions = useActions();
  if (errors.length === 0) return null;

  const reveal = (nodeId: string | null) => {
    const node = nodeId ? store.get().doc.nodes.get(nodeId) : undefined;
    if (!node) return;
    if (node.flow) {
      actions.revealNode(node.id);
      actions.showSidebar('properties');
    }
  };
  const describe = (nodeId: string | null) => {
    const s = store.get();
    const node = nodeId ? s.doc.nodes.get(nodeId) : undefined;
    if (!node) return nodeId ?? 'Flows';
    return node.name || s.catalogue.get(node.type)?.label || node.type;
  };
  /** Where the node is: its tab (the list stays while another tab is open), or the config nodes. */
  const where = (nodeId: string | null) => {
    const s = store.get();
    const node = nodeId ? s.doc.nodes.get(nodeId) : undefined;
    if (!node) return null;
    if (!node.flow) return 'config node';
    return `on ${s.doc.flows.find((f) => f.id === node.flow)?.label ?? node.flow}`;
  };

  /** The field an error is about, by its label in the form ("On Message", not /config/code). */
  const field = (e: FlowError) => {
    const s = store.get();
    const node = e.node ? s.doc.nodes.get(e.node) : undefined;
    return nodePathLabel(node && s.catalogue.get(node.type)?.schema, e.path);
  };

  return (
    <section className="deploy-errors" role="alert" aria-label="Deploy errors">
      <strong>Deploy refused. Nothing was changed on the server. Fix these and deploy again:</strong>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <button type="button" className="link" onClick={() => reveal(e.node)}>{describe(e.node)}</button>
            {where(e.node) && <span className="deploy-error-where"> ({where(e.node)})</span>}
            {field(e) && <span className="deploy-error-field"> {field(e)}:</span>} {e.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

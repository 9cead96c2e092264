import { useMemo, useRef } from 'react';
import type { FlowNode } from '../../../../server/api/contract.ts';
import type { ConfigNodeChangeDetail, ConfigNodeDeleteDetail, CredentialsChangeDetail, FormContext, NodeFormChangeDetail, PathError } from '../../elements/form-types.ts';
import { createConfigNodesSelector, selectEditedNode } from '../../store/selectors.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { useElement } from '../use-element.ts';
import './styles.css';

/** The property form of the selected node, with its type's help beside it. */
export function PropertyPanel() {
  const node = useEditorState(selectEditedNode);
  const selectedCount = useEditorState((s) => s.selectedNodes.size);
  if (!node) {
    return <p className="property-empty">{selectedCount > 1 ? `${selectedCount} nodes selected.` : 'Select a node to edit its properties.'}</p>;
  }
  return <NodeProperties node={node} />;
}

function NodeProperties({ node: current }: { node: FlowNode }) {
  const node = useIgnoringPosition(current);
  const actions = useActions();
  const info = useEditorState((s) => s.catalogue.get(node.type));
  const catalogue = useEditorState((s) => s.catalogue);
  const selectConfigNodes = useMemo(createConfigNodesSelector, []);
  const configNodes = useEditorState(selectConfigNodes);
  const deployErrors = useEditorState((s) => s.deployErrors);

  const context = useMemo<FormContext>(() => ({
    catalogue,
    configNodes,
    newId: actions.newId,
    errorsOf: (id) => deployErrors.filter((e) => e.node === id).map((e) => ({ path: e.path, message: e.message })),
  }), [catalogue, configNodes, actions, deployErrors]);
  const errors = useMemo<PathError[]>(() => context.errorsOf(node.id).slice(), [context, node.id]);

  const form = useElement('pb-node-form', { node, info, context, errors }, {
    change: (e) => {
      const detail = e.detail as NodeFormChangeDetail;
      // One undo step per field typed in: consecutive edits of the same keys merge.
      const keys = detail.config ? changedKeys(node.config, detail.config) : ['name'];
      actions.updateNode(node.id, detail, `form:${node.id}:${keys.join(',')}`);
    },
    'config-node:change': (e) => {
      const { node: configNode, created } = e.detail as ConfigNodeChangeDetail;
      actions.saveConfigNode(configNode, created);
    },
    'config-node:delete': (e) => actions.removeConfigNode((e.detail as ConfigNodeDeleteDetail).id),
    'credentials:change': (e) => {
      const { node: id, key, value } = e.detail as CredentialsChangeDetail;
      actions.setCredential(id, key, value);
    },
  });
  const help = useElement('pb-help-view', { markdown: info?.help ?? '' }, {});

  return (
    <div className="property-panel">
      <section className="property-form" aria-label="Properties">
        <label className="property-enabled">
          <input type="checkbox" checked={!node.disabled} onChange={(e) => actions.updateNode(node.id, { disabled: !e.target.checked })} />
          Enabled
        </label>
        <div ref={form} />
        <p className="property-id">id: <code>{node.id}</code></p>
      </section>
      <section className="property-help" aria-label="Help">
        <h3>Help: {info?.label ?? node.type}</h3>
        <div ref={help} />
      </section>
    </div>
  );
}

/**
 * The node as the form sees it: the same object while only its position changes, so dragging
 * the selected node does not re-render its form on every frame.
 */
function useIgnoringPosition(node: FlowNode): FlowNode {
  const kept = useRef(node);
  if (!sameExceptPosition(kept.current, node)) kept.current = node;
  return kept.current;
}

function sameExceptPosition(a: FlowNode, b: FlowNode): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('x');
  keys.delete('y');
  return [...keys].every((k) => a[k as keyof FlowNode] === b[k as keyof FlowNode]);
}

/** Top-level config keys whose value differs, compared by JSON (values are plain JSON). */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

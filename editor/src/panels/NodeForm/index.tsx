import { useMemo } from 'react';
import type { FlowNode } from '../../../../server/api/contract.ts';
import type { ConfigNodeChangeDetail, ConfigNodeDeleteDetail, CredentialsChangeDetail, FormContext, NodeFormChangeDetail, PathError } from '../../elements/form-types.ts';
import { createConfigNodesSelector } from '../../store/selectors.ts';
import { useActions, useEditorState } from '../../store/use-editor.ts';
import { useElement } from '../use-element.ts';

/**
 * The generated property form (`<pb-node-form>`) of one node, wired to the editor: edits,
 * config nodes created or deleted in place, credentials typed, deploy errors shown.
 */
export function NodeForm({ node }: { node: FlowNode }) {
  const actions = useActions();
  const info = useEditorState((s) => s.catalogue.get(node.type));
  const catalogue = useEditorState((s) => s.catalogue);
  const selectConfigNodes = useMemo(createConfigNodesSelector, []);
  const configNodes = useEditorState(selectConfigNodes);
  const deployErrors = useEditorState((s) => s.deployErrors);
  const credentials = useEditorState((s) => s.credentials);

  const context = useMemo<FormContext>(() => ({
    catalogue,
    configNodes,
    newId: actions.newId,
    errorsOf: (id) => deployErrors.filter((e) => e.node === id).map((e) => ({ path: e.path, message: e.message })),
    credentialsOf: (id) => credentials.get(id) ?? {},
  }), [catalogue, configNodes, actions, deployErrors, credentials]);
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
  return <div ref={form} />;
}

/** Top-level config keys whose value differs, compared by JSON (values are plain JSON). */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

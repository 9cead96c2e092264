// Loading from and deploying to the server.
import { isOpenableFlow } from '../graph/subflows.ts';
import type { FlowError, FlowsResponse, NodeTypeInfo } from '../../../server/api/contract.ts';
import { ApiError, type RestClient } from '../api/rest.ts';
import { fromFlowDocument, toFlowDocument } from '../graph/document.ts';
import { addFlowEdit } from '../graph/flow-edits.ts';
import { applyEdits } from '../graph/apply.ts';
import { nodePathLabel } from '../graph/field-labels.ts';
import { emptyHistory } from '../graph/history.ts';
import type { GraphDoc } from '../graph/types.ts';
import type { EditorState } from './editor-state.ts';
import { failureCause, type Notices } from './notices.ts';
import { hasChanges } from './selectors.ts';
import type { Store } from './store.ts';
import { errorMessage } from '../../../server/api/shared.ts';

/** Server actions over `store`. */
export function createServerActions(store: Store<EditorState>, rest: RestClient, notices: Pick<Notices, 'notify' | 'dismissCause'>, newId: () => string) {
  const { notify } = notices;
  /** Replaces the document with the server's, dropping undo history and local changes. */
  function adopt(flows: FlowsResponse, extra: Partial<EditorState> = {}): void {
    let doc: GraphDoc = fromFlowDocument(flows);
    // An empty server still gets a tab to draw on; it is saved with the first deploy.
    if (doc.flows.length === 0) doc = applyEdits(doc, [addFlowEdit(doc, newId())]);
    const s = store.get();
    const activeFlow = isOpenableFlow(doc, s.activeFlow) ? s.activeFlow : doc.flows[0]!.id;
    store.update({
      doc, deployed: doc, rev: flows.rev, history: emptyHistory, dirty: false, activeFlow,
      selectedNodes: new Set(), selectedEdges: new Set(), credentials: new Map(),
      deployErrors: [], nodeErrors: new Map(), conflict: false, remoteChange: false, ...extra,
    });
  }

  async function deployAt(rev: string | null): Promise<void> {
    const s = store.get();
    if (s.deploying) return;
    const sent = s.doc;
    const credentials = Object.fromEntries(s.credentials);
    store.update({ deploying: true });
    try {
      const outcome = await rest.deploy({ ...toFlowDocument(sent), credentials }, rev);
      if (outcome.kind === 'deployed') {
        store.update((now) => {
          const doc = markCredentialsSet(now.doc, s.credentials);
          const deployed = markCredentialsSet(sent, s.credentials);
          return {
            rev: outcome.rev, deploying: false, conflict: false, remoteChange: false, doc, deployed,
            dirty: hasChanges({ doc, deployed, credentials: new Map() }),
            deployErrors: [], nodeErrors: new Map(), credentials: new Map(),
          };
        });
        notices.dismissCause('deploy', 'server');
        notify('info', 'Deployed');
      } else if (outcome.kind === 'conflict') {
        store.update({ deploying: false, conflict: true });
      } else {
        store.update((now) => ({ deploying: false, deployErrors: outcome.errors, nodeErrors: messagesByNode(outcome.errors, now) }));
        notify('error', `Deploy refused: ${outcome.errors.length} problem${outcome.errors.length === 1 ? '' : 's'} (listed at the top)`, 'deploy');
      }
    } catch (err) {
      store.update({ deploying: false });
      notify('error', `Deploy failed: ${errorMessage(err)}`, failureCause(err) ?? 'deploy');
    }
  }

  return {
    /** Loads the node catalogue and the flows. */
    async load(): Promise<void> {
      try {
        const [catalogue, flows] = await Promise.all([rest.nodes(), rest.flows()]);
        adopt(flows, { catalogue: new Map(catalogue.map((t: NodeTypeInfo) => [t.type, t])), loaded: true, loadError: null });
      } catch (err) {
        store.update({ loadError: errorMessage(err) });
      }
    },

    /** Fetches the node catalogue again (a package was installed or removed). */
    async reloadCatalogue(): Promise<void> {
      try {
        const catalogue = await rest.nodes();
        store.update({ catalogue: new Map(catalogue.map((t: NodeTypeInfo) => [t.type, t])) });
      } catch (err) {
        notify('error', `The palette could not be updated: ${errorMessage(err)}`);
      }
    },

    /** Deploys the document; the outcome lands in the state (errors on nodes, conflict dialog). */
    deploy: () => deployAt(store.get().rev),

    /** Throws local changes away and loads the server's flows. */
    async reload(): Promise<void> {
      try {
        adopt(await rest.flows());
        notify('info', 'Loaded the flows from the server');
      } catch (err) {
        notify('error', `Reload failed: ${errorMessage(err)}`, failureCause(err));
      }
    },

    /** Deploys over someone else's newer deploy, after a conflict. */
    async overwrite(): Promise<void> {
      try {
        const { rev } = await rest.flows();
        store.update({ conflict: false });
        await deployAt(rev);
      } catch (err) {
        notify('error', `Overwrite failed: ${errorMessage(err)}`, failureCause(err));
      }
    },

    dismissConflict(): void {
      store.update({ conflict: false });
    },

    /** Presses a node's button (inject). */
    async trigger(nodeId: string): Promise<void> {
      const s = store.get();
      const node = s.doc.nodes.get(nodeId);
      try {
        await rest.trigger(nodeId);
        notify('info', `Injected: ${node?.name || s.catalogue.get(node?.type ?? '')?.label || nodeId}`);
      } catch (err) {
        const hint = err instanceof ApiError && err.status === 404 ? ' Deploy first.' : '';
        notify('error', `${errorMessage(err)}.${hint}`, failureCause(err));
      }
    },

    /** Checks whether someone deployed while we were away (after a reconnect, or a `deployed` event). */
    async serverRevChanged(rev?: string): Promise<void> {
      const s = store.get();
      if (s.deploying || !s.loaded) return;
      const current = rev ?? (await rest.flows().catch(() => null))?.rev;
      if (!current || current === store.get().rev) return;
      if (store.get().dirty) {
        store.update({ remoteChange: true });
      } else {
        adopt(await rest.flows());
        notify('info', 'The flows were changed on the server; the editor shows the new version');
      }
    },
  };
}

/** After a deploy, the nodes whose credentials were sent now have those keys set on the server. */
function markCredentialsSet(doc: GraphDoc, sent: EditorState['credentials']): GraphDoc {
  if (sent.size === 0) return doc;
  const nodes = new Map(doc.nodes);
  for (const [id, values] of sent) {
    const node = nodes.get(id);
    if (!node) continue;
    const keys = new Set(node.credentials ?? []);
    for (const [key, value] of Object.entries(values)) {
      if (value === null) keys.delete(key);
      else keys.add(key);
    }
    const missing = (node.credentialsMissing ?? []).filter((key) => !keys.has(key));
    nodes.set(id, { ...node, credentials: [...keys].sort(), credentialsMissing: missing.length ? missing : undefined });
  }
  return { ...doc, nodes };
}

/** Each node's deploy errors as its card shows them: the field by its label, then the message. */
function messagesByNode(errors: readonly FlowError[], s: EditorState): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const e of errors) {
    if (!e.node) continue;
    const node = s.doc.nodes.get(e.node);
    const field = nodePathLabel(node && s.catalogue.get(node.type)?.schema, e.path);
    byNode.set(e.node, [...(byNode.get(e.node) ?? []), field ? `${field}: ${e.message}` : e.message]);
  }
  return byNode;
}

export type ServerActions = ReturnType<typeof createServerActions>;

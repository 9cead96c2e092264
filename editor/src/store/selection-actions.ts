// Selection, the clipboard and import/export: actions that work on "what is selected".
import type { FlowDocument, NodePackageNeed } from '../../../server/api/contract.ts';
import { missingPackages, packagesNeeded } from '../../../server/api/shared.ts';
import { readPackageNeeds } from '../graph/package-needs.ts';
import { retarget, type ImportTarget } from '../graph/import-target.ts';
import { flowDocument, selectionDocument, serializeFlowDocument, toFlowDocument } from '../graph/document.ts';
import { importEdits } from '../graph/import-edits.ts';
import { nodesOfFlow, removeNodesEdits } from '../graph/node-edits.ts';
import { parseFlowFile } from '../graph/parse-flow-file.ts';
import { offsetToCentre } from '../graph/placement.ts';
import type { Point } from '../graph/types.ts';
import type { Committer } from './commit.ts';
import type { EditorState } from './editor-state.ts';
import type { Notify } from './notices.ts';
import type { Store } from './store.ts';

/** Without a pointer on the canvas, how far each paste onto the tab it was copied from moves, so copies do not hide the original. */
const PASTE_STEP = 20;

interface Clipboard {
  doc: FlowDocument;
  fromFlow: string;
  pastes: number;
}

/** What an imported file needs that is not installed (see missingPackages). */
export interface MissingPackages {
  packages: NodePackageNeed[];
  types: string[];
}

export type ImportResult = { ok: true; count: number; missing: MissingPackages } | { ok: false; error: string };

/** What importing a document did: how many nodes it added, and the id each file node has now. */
export interface Imported {
  count: number;
  renamed: ReadonlyMap<string, string>;
}

/** Selection, clipboard and import/export actions over `store`. */
export function createSelectionActions(store: Store<EditorState>, committer: Committer, notify: Notify, newId: () => string) {
  // The clipboard lives outside the state: nothing renders it, and it survives tab switches.
  let clipboard: Clipboard | null = null;

  const actions = {
    select(nodes: ReadonlySet<string>, edges: ReadonlySet<string>): void {
      store.update({ selectedNodes: nodes, selectedEdges: edges });
    },

    selectAll(): void {
      const s = store.get();
      store.update({ selectedNodes: new Set(nodesOfFlow(s.doc, s.activeFlow).map((n) => n.id)), selectedEdges: new Set() });
    },

    copy(): number {
      const s = store.get();
      if (s.selectedNodes.size === 0) return 0;
      clipboard = { doc: selectionDocument(s.doc, s.selectedNodes), fromFlow: s.activeFlow, pastes: 0 };
      return s.selectedNodes.size;
    },

    cut(): void {
      const s = store.get();
      if (actions.copy() === 0) return;
      committer.commit({ label: 'Cut', edits: removeNodesEdits(s.doc, s.selectedNodes) }, { selectedNodes: new Set(), selectedEdges: new Set() });
    },

    /**
     * Pastes copies onto the open tab (which may be another tab than the one copied from) and
     * selects them: centred on `at` (the pointer on the canvas), else a step off the originals.
     */
    paste(at?: Point | null): void {
      if (!clipboard) return;
      const s = store.get();
      const sameTab = clipboard.fromFlow === s.activeFlow;
      if (sameTab) clipboard.pastes++;
      const step = sameTab ? clipboard.pastes * PASTE_STEP : 0;
      const offset = at ? offsetToCentre(clipboard.doc.nodes.filter((n) => n.flow !== undefined), s.catalogue, at) : { x: step, y: step };
      const plan = importEdits(s.doc, clipboard.doc, { activeFlow: s.activeFlow, newId, renameAll: true, offset });
      committer.commit({ label: 'Paste', edits: plan.edits }, { selectedNodes: new Set(plan.nodeIds), selectedEdges: new Set() });
    },

    /**
     * Imports a flow file's text. An invalid file changes nothing and returns the reason.
     * As the file says (`as-file`), tabs in the file become new tabs (the first is opened) and
     * loose nodes land on the open tab; `new-flow` puts everything on one new tab,
     * `current-flow` on the open one.
     */
    importText(text: string, target: ImportTarget = 'as-file'): ImportResult {
      const parsed = parseFlowFile(text);
      if (!parsed.ok) return parsed;
      const label = parsed.doc.flows[0]?.label ?? 'Imported';
      const { count } = actions.importDocument(retarget(parsed.doc, target, { id: newId(), label }));
      notify('info', `Imported ${count} node${count === 1 ? '' : 's'}`);
      const { catalogue } = store.get();
      const missing = missingPackages({ nodes: parsed.doc.nodes, packages: readPackageNeeds(JSON.parse(text)) }, (type) => catalogue.get(type));
      return { ok: true, count, missing };
    },

    /** Adds a checked flow document (one undo step), opens its first tab and selects what is on it. */
    importDocument(doc: FlowDocument): Imported {
      const s = store.get();
      const plan = importEdits(s.doc, doc, { activeFlow: s.activeFlow, newId });
      const activeFlow = plan.flowIds[0] ?? s.activeFlow;
      const shown = plan.edits.flatMap((e) => (e.type === 'node:add' && e.node.flow === activeFlow ? [e.node.id] : []));
      committer.commit({ label: 'Import', edits: plan.edits }, { activeFlow, selectedNodes: new Set(shown), selectedEdges: new Set() });
      return { count: plan.edits.filter((e) => e.type === 'node:add').length, renamed: plan.renamed };
    },

    /** The flow file text of everything, the open tab, or the selection (everything when nothing is selected). */
    exportText(scope: 'all' | 'flow' | 'selection'): string {
      const s = store.get();
      const doc = scope === 'flow' ? flowDocument(s.doc, s.activeFlow)
        : scope === 'all' || s.selectedNodes.size === 0 ? toFlowDocument(s.doc) : selectionDocument(s.doc, s.selectedNodes);
      // The packages its nodes need go with it, so an import elsewhere can name them.
      const packages = packagesNeeded(doc.nodes, (type) => s.catalogue.get(type));
      return serializeFlowDocument(packages.length ? { ...doc, packages } : doc);
    },
  };
  return actions;
}

export type SelectionActions = ReturnType<typeof createSelectionActions>;

// Importing a Node-RED flow file: the server converts it, the editor adds the result like any
// flow file, and the credentials the file held wait for the next deploy (never the document).
import type { FlowDocument, ImportReport } from '../../../server/api/contract.ts';
import { ApiError, type RestClient } from '../api/rest.ts';
import type { Notify } from './notices.ts';
import type { Imported } from './selection-actions.ts';

export type NodeRedImportResult = { ok: true; count: number; report: ImportReport } | { ok: false; error: string };

interface Importing {
  importDocument(doc: FlowDocument): Imported;
  setCredential(nodeId: string, key: string, value: string | null): void;
}

export function createNodeRedActions(rest: RestClient, editor: Importing, notify: Notify) {
  return {
    /** Converts and adds a Node-RED export (its parsed JSON). A file the server refuses changes nothing. */
    async importNodeRed(flows: unknown): Promise<NodeRedImportResult> {
      let response;
      try {
        response = await rest.importNodeRed(flows);
      } catch (err) {
        return { ok: false, error: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err) };
      }
      const { count, renamed } = editor.importDocument(response.document);
      for (const [id, values] of Object.entries(response.credentials ?? {})) {
        for (const [key, value] of Object.entries(values)) editor.setCredential(renamed.get(id) ?? id, key, value);
      }
      const { mapped, approximated, unsupported } = response.report;
      notify('info', `Imported ${count} node${count === 1 ? '' : 's'} from Node-RED: ${mapped} mapped, ${approximated} approximated, ${unsupported} unsupported`);
      return { ok: true, count, report: response.report };
    },
  };
}

// Use cases behind /api/flows: read the deployed document, deploy a new one (guarded by rev),
// keep the flow file and the encrypted credentials in step with what runs.
import type { DeployRequest, FlowDocument, FlowsResponse } from './contract.ts';
import { fail } from '../errors.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { writeFlowsFile } from '../storage/flows-file.ts';
import { writeCredentials, type Credentials } from '../storage/credentials.ts';

export interface FlowStorage {
  flowsFile: string;
  credentialsFile: string;
  credentialKey: Buffer;
}

export class FlowService {
  constructor(private readonly runtime: Runtime, private readonly storage: FlowStorage, private credentials: Credentials) {}

  get(): FlowsResponse {
    const doc = this.runtime.document;
    return { format: doc.format, version: doc.version, rev: this.runtime.rev, flows: doc.flows, nodes: doc.nodes };
  }

  /**
   * Deploys a document. With `ifMatch`, refuses (409) when someone else deployed since that rev.
   * Credentials in the request are merged into the stored ones; the saved document only lists
   * which keys are set.
   */
  async deploy(body: DeployRequest, ifMatch: string | undefined): Promise<string> {
    if (ifMatch !== undefined && ifMatch !== this.runtime.rev) throw fail('FLOWS_REV_CONFLICT', ifMatch, this.runtime.rev);
    const { credentials: changes, ...rest } = body;
    const doc = rest as FlowDocument;
    const credentials = mergeCredentials(this.credentials, changes ?? {}, doc);
    if (Array.isArray(doc.nodes)) {
      for (const node of doc.nodes) {
        if (!node || typeof node !== 'object') continue;
        const keys = Object.keys(credentials[node.id] ?? {});
        if (keys.length) node.credentials = keys.sort();
        else delete node.credentials;
      }
    }
    const rev = await this.runtime.deploy(doc, credentials);
    await writeFlowsFile(this.storage.flowsFile, this.runtime.document);
    if (JSON.stringify(credentials) !== JSON.stringify(this.credentials)) {
      await writeCredentials(this.storage.credentialsFile, this.storage.credentialKey, credentials);
      this.credentials = credentials;
    }
    return rev;
  }
}

/** Applies `changes` (null clears a key) and drops credentials of nodes that are gone. */
function mergeCredentials(current: Credentials, changes: Record<string, Record<string, string | null>>, doc: FlowDocument): Credentials {
  const ids = new Set(Array.isArray(doc.nodes) ? doc.nodes.map((n) => n?.id) : []);
  const merged: Credentials = {};
  for (const id of new Set([...Object.keys(current), ...Object.keys(changes)])) {
    if (!ids.has(id)) continue;
    const values = { ...current[id] };
    for (const [key, value] of Object.entries(changes[id] ?? {})) {
      if (value === null) delete values[key];
      else if (typeof value === 'string') values[key] = value;
    }
    if (Object.keys(values).length) merged[id] = values;
  }
  return merged;
}

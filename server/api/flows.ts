// Use cases behind /api/flows: read the deployed document, deploy a new one (guarded by rev),
// keep the flow file and the encrypted credentials in step with what runs.
import type { DeployRequest, FlowDocument, FlowError, FlowsResponse } from './contract.ts';
import { fail, failFrom, failWith, PatchbayError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isPlainObject } from '../plain-object.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { keepRejectedCopy, readFlowsFile, writeFlowsFile } from '../storage/flows-file.ts';
import { STARTER_FLOWS } from '../storage/starter-flows.ts';
import { credentialsMap, ownEntry, writeCredentials, type Credentials } from '../storage/credentials.ts';

export interface FlowStorage {
  flowsFile: string;
  credentialsFile: string;
  credentialKey: Buffer;
}

type CredentialChanges = Record<string, Record<string, string | null>>;

export class FlowService {
  /** Deploys run one after another (see deploy). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly runtime: Runtime, private readonly storage: FlowStorage, private credentials: Credentials) {}

  /**
   * Runs the stored flows when the server starts; a new data dir gets the starter flow. A flow
   * file that can't be started (not JSON, truncated, not a flow document, a node type that isn't
   * installed) is never written over: it stays where it is, a copy is kept beside it (see
   * keepRejectedCopy), the log says what is wrong and where, and its backup runs instead, or
   * nothing. Only a file that can't be read at all stops the server.
   */
  async start(log: Logger): Promise<void> {
    const file = this.storage.flowsFile;
    const outcome = await this.startFrom(file);
    if (outcome === 'started') return;
    if (outcome === 'missing') {
      await this.runtime.deploy(STARTER_FLOWS, {});
      await writeFlowsFile(file, this.runtime.document);
      return;
    }
    await this.reportNotStarted(file, outcome, log);
    const backup = `${file}.backup`;
    const fallback = await this.startFrom(backup);
    if (fallback === 'started') {
      log.warn({ file: backup }, `running the backup ${backup} instead; the next deploy replaces ${file}`);
      return;
    }
    if (fallback !== 'missing') await this.reportNotStarted(backup, fallback, log);
    log.warn({ file }, `starting with no flows; the next deploy replaces ${file}`);
  }

  /** Deploys the document stored in `file`, or says why it can't. */
  private async startFrom(file: string): Promise<'started' | 'missing' | PatchbayError> {
    try {
      const stored = await readFlowsFile(file);
      if (stored === undefined) return 'missing';
      await this.runtime.deploy(stored, this.credentials);
      return 'started';
    } catch (err) {
      if (err instanceof PatchbayError && (err.code === 'FLOWS_FILE_NOT_STARTED' || err.code === 'FLOWS_INVALID')) return err;
      throw err;
    }
  }

  private async reportNotStarted(file: string, err: PatchbayError, log: Logger): Promise<void> {
    const kept = await keepRejectedCopy(file);
    const problem = err.code === 'FLOWS_INVALID' ? fail('FLOWS_FILE_NOT_STARTED', file, describeFlowErrors(err.details as FlowError[])) : err;
    log.error({ code: problem.code, file, kept, errors: err.details }, `${problem.message}; a copy is kept as ${kept}`);
  }

  get(): FlowsResponse {
    const doc = this.runtime.document;
    return { format: doc.format, version: doc.version, rev: this.runtime.rev, flows: doc.flows, nodes: doc.nodes };
  }

  /**
   * Deploys a document. With `ifMatch` (the revisions of an If-Match header), refuses (409)
   * when someone else deployed since. Credentials in the request are merged into the stored
   * ones; the saved document only lists which keys are set.
   *
   * One deploy at a time, from the rev check to the last file write: two overlapping requests
   * could otherwise both pass the same If-Match, merge credentials into the same old set (one
   * change lost) and save their files in the opposite order to the one they run in.
   */
  deploy(body: DeployRequest, ifMatch: readonly string[] | undefined): Promise<string> {
    const run = this.queue.then(() => this.deployNow(body, ifMatch));
    this.queue = run.catch(() => undefined); // a refused deploy doesn't block the next one
    return run;
  }

  private async deployNow(body: DeployRequest, ifMatch: readonly string[] | undefined): Promise<string> {
    if (ifMatch !== undefined && !ifMatch.includes(this.runtime.rev)) {
      throw fail('FLOWS_REV_CONFLICT', ifMatch.map((rev) => `"${rev}"`).join(', '), this.runtime.rev);
    }
    const { credentials: changes, ...rest } = body;
    const problems = credentialProblems(changes);
    if (problems.length) throw failWith('FLOWS_INVALID', problems, problems.length);
    const doc = rest as FlowDocument;
    const credentials = mergeCredentials(this.credentials, (changes ?? {}) as CredentialChanges, doc);
    if (Array.isArray(doc.nodes)) {
      for (const node of doc.nodes) {
        if (!node || typeof node !== 'object') continue;
        const keys = Object.keys(ownEntry(credentials, node.id) ?? {});
        if (keys.length) node.credentials = keys.sort();
        else delete node.credentials;
      }
    }
    const previous = this.runtime.document;
    const rev = await this.runtime.deploy(doc, credentials);
    try {
      await this.save(this.runtime.document, credentials);
    } catch (err) {
      // What runs must be what is stored, or a restart would silently bring back other flows:
      // a deploy that can't be saved (disk full, read-only) is undone.
      await this.runtime.deploy(previous, this.credentials);
      throw failFrom(err, 'FLOWS_NOT_SAVED', (err as Error).message);
    }
    return rev;
  }

  /**
   * Credentials first: if they can't be written nothing is, and if the flow file then can't
   * be, the previous credentials are put back (the flow file is replaced atomically or not at all).
   */
  private async save(doc: FlowDocument, credentials: Credentials): Promise<void> {
    const { flowsFile, credentialsFile, credentialKey } = this.storage;
    const changed = JSON.stringify(credentials) !== JSON.stringify(this.credentials);
    if (changed) await writeCredentials(credentialsFile, credentialKey, credentials);
    try {
      await writeFlowsFile(flowsFile, doc);
    } catch (err) {
      if (changed) await writeCredentials(credentialsFile, credentialKey, this.credentials).catch(() => undefined);
      throw err;
    }
    this.credentials = credentials;
  }
}

/** The first few errors of a rejected document, each with its node and path, for one log line. */
function describeFlowErrors(errors: FlowError[]): string {
  const shown = errors.slice(0, 5).map((e) => `${e.node === null ? '' : `node "${e.node}" `}${e.path || '/'}: ${e.message}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `${errors.length} error(s): ${shown.join('; ')}${more}`;
}

/** `credentials` must be `{ <nodeId>: { <key>: string or null } }`; each problem names the node and key. */
function credentialProblems(changes: unknown): FlowError[] {
  if (changes === undefined) return [];
  if (!isPlainObject(changes)) return [{ node: null, path: '/credentials', message: 'Expected an object of node id → { key: string or null }' }];
  const problems: FlowError[] = [];
  for (const [node, values] of Object.entries(changes)) {
    if (!isPlainObject(values)) {
      problems.push({ node, path: '/credentials', message: 'Expected an object of key → string (or null to clear it)' });
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && typeof value !== 'string') problems.push({ node, path: `/credentials/${key}`, message: 'Expected a string, or null to clear it' });
    }
  }
  return problems;
}

/**
 * Applies `changes` (null clears a key) and drops credentials of nodes that are gone. Node ids
 * and keys are data, so they are looked up as own properties only: a node called `constructor`
 * or `__proto__` has its own credentials, never Object.prototype's.
 */
function mergeCredentials(current: Credentials, changes: CredentialChanges, doc: FlowDocument): Credentials {
  const ids = new Set(Array.isArray(doc.nodes) ? doc.nodes.map((n) => n?.id) : []);
  const merged = credentialsMap();
  for (const id of new Set([...Object.keys(current), ...Object.keys(changes)])) {
    if (!ids.has(id)) continue;
    const values: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, ownEntry(current, id));
    for (const [key, value] of Object.entries(ownEntry(changes, id) ?? {})) {
      if (value === null) delete values[key];
      else values[key] = value;
    }
    if (Object.keys(values).length) merged[id] = values;
  }
  return merged;
}

// Use cases behind /api/flows: read the deployed document, deploy a new one (guarded by rev),
// keep the flow file and the encrypted credentials in step with what runs.
import type { DeployRequest, FlowDocument, FlowError, FlowsResponse } from './contract.ts';
import { fail, failFrom, failWith, PatchbayError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { errorMessage } from '../node-api/errors.ts';
import { hasKeys, isPlainObject } from '../plain-object.ts';
import { credentialsMap, ownEntry, type Credentials } from '../runtime/credentials.ts';
import { checkFlowDocument, revisionOf, revisionOfText, serializeFlows } from '../runtime/flow-document.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { credentialsFor, readCredentials, writeCredentials } from '../storage/credentials.ts';
import { commitFlowsFile, keepRejectedCopy, readFlowsFile, writeFlowsFile } from '../storage/flows-file.ts';
import { stageFile, type StagedFile } from '../storage/atomic-write.ts';
import { STARTER_FLOWS } from '../storage/starter-flows.ts';

export interface FlowStorage {
  flowsFile: string;
  credentialsFile: string;
  credentialKey: Buffer;
}

type CredentialChanges = NonNullable<DeployRequest['credentials']>;

/** A deploy request that has been checked: nothing reads a request before this. */
interface CheckedRequest {
  doc: FlowDocument;
  changes: CredentialChanges;
}

/** What runs: a document, its revision and its credentials. */
interface Deployed {
  doc: FlowDocument;
  rev: string;
  credentials: Credentials;
}

/** How the start went: what runs, and why the stored flow file doesn't when it doesn't. */
export interface StartReport {
  loaded: 'flows-file' | 'backup' | 'starter' | 'none';
  problem?: string;
}

/** The outcome of the last deploy's save (for GET /api/health). */
export interface SaveReport {
  ok: boolean;
  time: number;
  error?: string;
}

export class FlowService {
  /** Everything that changes what runs or what is stored, one at a time (see serially). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private credentials: Credentials = credentialsMap();
  private startReport?: StartReport;
  private saveReport?: SaveReport;

  constructor(private readonly runtime: Runtime, private readonly storage: FlowStorage, private readonly log: Logger) {}

  /**
   * Runs the stored flows when the server starts; a new data dir gets the starter flow. A flow
   * file that can't be started (not JSON, truncated, not a flow document, a node type that isn't
   * installed) is never written over: it stays where it is, a copy is kept beside it (see
   * keepRejectedCopy), the log says what is wrong and where, and its backup runs instead, or
   * nothing. Only a file that can't be read at all stops the server.
   */
  start(): Promise<void> {
    return this.serially(async () => {
      const file = this.storage.flowsFile;
      const generations = await readCredentials(this.storage.credentialsFile, this.storage.credentialKey);
      const outcome = await this.startFrom(file, generations);
      if (outcome === 'started') {
        this.startReport = { loaded: 'flows-file' };
        return;
      }
      if (outcome === 'missing') {
        await this.runtime.deploy(STARTER_FLOWS, credentialsMap());
        await writeFlowsFile(file, this.runtime.document);
        this.startReport = { loaded: 'starter' };
        return;
      }
      const problem = await this.reportNotStarted(file, outcome);
      const backup = `${file}.backup`;
      const fallback = await this.startFrom(backup, generations);
      if (fallback === 'started') {
        this.log.warn({ file: backup }, `running the backup ${backup} instead; the next deploy replaces ${file}`);
        this.startReport = { loaded: 'backup', problem };
        return;
      }
      if (fallback !== 'missing') await this.reportNotStarted(backup, fallback);
      this.log.warn({ file }, `starting with no flows; the next deploy replaces ${file}`);
      this.startReport = { loaded: 'none', problem };
    });
  }

  /** Deploys the document stored in `file` with its own credentials, or says why it can't. */
  private async startFrom(file: string, generations: Awaited<ReturnType<typeof readCredentials>>): Promise<'started' | 'missing' | PatchbayError> {
    const stored = await readFlowsFile(file).catch((err: unknown) => err);
    if (stored === undefined) return 'missing';
    if (stored instanceof PatchbayError && stored.code === 'FLOWS_FILE_NOT_STARTED') return stored;
    if (stored instanceof Error) throw stored;
    const check = checkFlowDocument(stored);
    if (!check.ok) return failWith('FLOWS_INVALID', check.errors, check.errors.length);
    const credentials = credentialsFor(generations, revisionOf(check.doc));
    try {
      await this.runtime.deploy(check.doc, credentials);
    } catch (err) {
      if (err instanceof PatchbayError && err.code === 'FLOWS_INVALID') return err;
      throw err;
    }
    this.credentials = credentials;
    return 'started';
  }

  /** Logs why a stored file was not started; returns that, in words. */
  private async reportNotStarted(file: string, err: PatchbayError): Promise<string> {
    const kept = await keepRejectedCopy(file);
    const problem = err.code === 'FLOWS_INVALID' ? fail('FLOWS_FILE_NOT_STARTED', file, describeFlowErrors(err.details as FlowError[])) : err;
    this.log.error({ code: problem.code, file, kept, errors: err.details }, `${problem.message}; a copy is kept as ${kept}`);
    return problem.message;
  }

  /** How start() went; undefined until it has run. */
  get started(): StartReport | undefined {
    return this.startReport;
  }

  /** How the last deploy's save went; undefined before the first deploy. */
  get lastSave(): SaveReport | undefined {
    return this.saveReport;
  }

  get(): FlowsResponse {
    const doc = this.runtime.document;
    return { format: doc.format, version: doc.version, rev: this.runtime.rev, flows: doc.flows, nodes: doc.nodes };
  }

  /**
   * Deploys a request body (a flow document plus credential changes). An invalid body is
   * refused (FLOWS_INVALID) before anything reads it further. With `ifMatch` (the revisions
   * of an If-Match header), refuses (409) when someone else deployed since. Credentials in the
   * request are merged into the stored ones; the saved document only lists which keys are set.
   */
  deploy(body: unknown, ifMatch: readonly string[] | undefined): Promise<string> {
    const request = checkDeployRequest(body);
    return this.serially(() => this.deployChecked(request, ifMatch));
  }

  /**
   * Deploys what runs again, unchanged, after node packages changed: nodes of a type that was
   * missing start, nodes of a reinstalled package restart with its new code.
   */
  reload(): Promise<string> {
    return this.serially(() => this.runtime.deploy(this.runtime.document, this.credentials));
  }

  /** Node types the running document uses that are not installed (see Runtime.missingTypes). */
  missingTypes(): Map<string, string[]> {
    return this.runtime.missingTypes();
  }

  /** Waits for the deploy under way and refuses later ones (SERVER_STOPPING). */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  /**
   * One at a time, from the rev check to the last file write: two overlapping requests could
   * otherwise both pass the same If-Match, merge credentials into the same old set (one change
   * lost) and save their files in the opposite order to the one they run in.
   */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(fail('SERVER_STOPPING'));
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined); // a refused deploy doesn't block the next one
    return run;
  }

  private async deployChecked({ doc, changes }: CheckedRequest, ifMatch: readonly string[] | undefined): Promise<string> {
    if (ifMatch !== undefined && !ifMatch.includes(this.runtime.rev)) {
      throw fail('FLOWS_REV_CONFLICT', ifMatch.map((rev) => `"${rev}"`).join(', '), this.runtime.rev);
    }
    const undeclared = this.runtime.credentialKeyProblems(doc, changes);
    if (undeclared.length) throw failWith('FLOWS_INVALID', undeclared, undeclared.length);
    const credentials = mergeCredentials(this.credentials, changes, doc);
    const previous: Deployed = { doc: this.runtime.document, rev: this.runtime.rev, credentials: this.credentials };
    const saved = withCredentialKeys(doc, credentials);
    const { rev, flowsFile } = await this.stage(saved);
    try {
      await this.runtime.deploy(saved, credentials, rev);
    } catch (err) {
      await flowsFile.discard();
      throw err;
    }
    try {
      await this.save({ doc: saved, rev, credentials }, previous, flowsFile);
      this.saveReport = { ok: true, time: Date.now() };
    } catch (err) {
      // What runs must be what is stored, or a restart would silently bring back other flows:
      // a deploy that can't be saved (disk full, read-only) is undone.
      const notSaved = failFrom(err, 'FLOWS_NOT_SAVED', errorMessage(err));
      this.saveReport = { ok: false, time: Date.now(), error: notSaved.message };
      await this.restore(previous, notSaved);
      throw notSaved;
    }
    this.credentials = credentials;
    return rev;
  }

  /**
   * The document's canonical text gives its revision and is what the flow file will hold: it is
   * written to a temp file now, while the deploy runs, and put in place once the deploy is done
   * (see save). Made once, and let go at once: a big document's text is megabytes.
   */
  private async stage(doc: FlowDocument): Promise<{ rev: string; flowsFile: StagedFile }> {
    const text = serializeFlows(doc);
    return { rev: revisionOfText(text), flowsFile: await stageFile(this.storage.flowsFile, text) };
  }

  /**
   * Credentials first, tagged with the new revision and keeping the previous generation; then
   * the flow file (staged by stage()). Stopped at any point (an error, kill -9), the flow file on
   * disk finds its own credentials in the credentials file (see server/storage/credentials.ts), so
   * nothing needs writing back.
   */
  private async save(next: Deployed, previous: Deployed, flowsFile: StagedFile): Promise<void> {
    const { credentialsFile, credentialKey } = this.storage;
    try {
      if (JSON.stringify(next.credentials) !== JSON.stringify(previous.credentials)) {
        await writeCredentials(credentialsFile, credentialKey, [
          { rev: next.rev, credentials: next.credentials },
          { rev: previous.rev, credentials: previous.credentials },
        ]);
      }
    } catch (err) {
      await flowsFile.discard();
      throw err;
    }
    await commitFlowsFile(this.storage.flowsFile, flowsFile);
  }

  /** Runs the previous flows again; what can't be started is logged and added to `failure`. */
  private async restore(previous: Deployed, failure: PatchbayError): Promise<void> {
    try {
      await this.runtime.deploy(previous.doc, previous.credentials);
    } catch (err) {
      const reasons = err instanceof PatchbayError && err.code === 'FLOWS_INVALID'
        ? (err.details as FlowError[]).map((e) => ({ node: e.node, message: e.message }))
        : [{ node: null, message: errorMessage(err) }];
      for (const { node, message } of reasons) {
        const problem = fail('FLOWS_ROLLBACK_FAILED', node ?? '(all)', message);
        this.log.error({ code: problem.code, nodeId: node }, problem.message);
        failure.incidents.push({ code: problem.code, node, message: problem.message });
      }
      if (err instanceof PatchbayError) failure.incidents.push(...err.incidents);
    }
  }
}

/**
 * Checks a deploy request body: a flow document, plus `credentials` as
 * `{ <nodeId>: { <key>: string or null } }`. Every problem is listed by node and path.
 */
function checkDeployRequest(body: unknown): CheckedRequest {
  if (!isPlainObject(body)) throw failWith('FLOWS_INVALID', [{ node: null, path: '', message: 'Expected a flow document (a JSON object)' }], 1);
  const { credentials, ...rest } = body;
  const { changes, problems } = checkCredentialChanges(credentials);
  const check = checkFlowDocument(rest);
  const errors = [...problems, ...(check.ok ? [] : check.errors)];
  if (!check.ok || errors.length) throw failWith('FLOWS_INVALID', errors, errors.length);
  return { doc: check.doc, changes };
}

function checkCredentialChanges(value: unknown): { changes: CredentialChanges; problems: FlowError[] } {
  const changes: CredentialChanges = Object.create(null) as CredentialChanges;
  if (value === undefined) return { changes, problems: [] };
  if (!isPlainObject(value)) return { changes, problems: [{ node: null, path: '/credentials', message: 'Expected an object of node id → { key: string or null }' }] };
  const problems: FlowError[] = [];
  for (const [node, values] of Object.entries(value)) {
    if (!isPlainObject(values)) {
      problems.push({ node, path: '/credentials', message: 'Expected an object of key → string (or null to clear it)' });
      continue;
    }
    const checked: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
    for (const [key, given] of Object.entries(values)) {
      if (given === null || typeof given === 'string') checked[key] = given;
      else problems.push({ node, path: `/credentials/${key}`, message: 'Expected a string, or null to clear it' });
    }
    changes[node] = checked;
  }
  return { changes, problems };
}

/** The first few errors of a rejected document, each with its node and path, for one log line. */
function describeFlowErrors(errors: FlowError[]): string {
  const shown = errors.slice(0, 5).map((e) => `${e.node === null ? '' : `node "${e.node}" `}${e.path || '/'}: ${e.message}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return `${errors.length} error(s): ${shown.join('; ')}${more}`;
}

/**
 * Applies `changes` (null clears a key) and drops credentials of nodes that are gone. Node ids
 * and keys are data, so they are looked up as own properties only: a node called `constructor`
 * or `__proto__` has its own credentials, never Object.prototype's.
 */
function mergeCredentials(current: Credentials, changes: CredentialChanges, doc: FlowDocument): Credentials {
  if (!hasKeys(current) && !hasKeys(changes)) return credentialsMap(); // no secrets at all: nothing to look up
  const ids = new Set(doc.nodes.map((n) => n.id));
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

/**
 * The document as saved: each node lists which credential keys are set, never their values.
 * Keys it listed (an imported file says which it had) that are not set here are kept as
 * `credentialsMissing`, until they are entered.
 */
export function withCredentialKeys(doc: FlowDocument, credentials: Credentials): FlowDocument {
  const nodes = doc.nodes.map((given) => {
    // Most nodes have no credentials: they are kept as they are rather than copied.
    if (!given.credentials && !given.credentialsMissing && !Object.hasOwn(credentials, given.id)) return given;
    const { credentials: listed, credentialsMissing: before, ...node } = given;
    const keys = Object.keys(ownEntry(credentials, node.id) ?? {}).sort();
    const missing = [...new Set([...(listed ?? []), ...(before ?? [])])].filter((k) => !keys.includes(k)).sort();
    return { ...node, ...(keys.length && { credentials: keys }), ...(missing.length && { credentialsMissing: missing }) };
  });
  return { ...doc, nodes };
}

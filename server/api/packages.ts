// Node packages for the REST API: install (one at a time: npm must not run twice on one data
// dir), list, remove (refused while flows use it). After a change the running flows are
// deployed again, so nodes of a type that came back start, and editors are told to refetch.
import { watch } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { NodePackageInfo, PackageInstallRequest } from './contract.ts';
import { fail, failWith } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';
import type { Logger } from '../log.ts';
import type { PackageRecord } from '../runtime/registry.ts';
import { flowsUsing, type NodePackages } from '../packages/manager.ts';
import type { FlowService } from './flows.ts';
import type { Runtime } from '../runtime/runtime.ts';

export interface PackageEvents {
  changed(packages: string[]): void;
  progress(install: string, line: string): void;
}

export class PackageService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly packages: NodePackages,
    private readonly deps: { runtime: Runtime; flows: FlowService; events: PackageEvents; log: Logger },
  ) {}

  list(): NodePackageInfo[] {
    return this.packages.list().map(info);
  }

  /** Installs from a checked request body; resolves with the package (with its load error, if any). */
  install(body: unknown): Promise<NodePackageInfo> {
    const request = checkInstallRequest(body);
    return this.serially(async () => {
      const upload = request.tarball && (await mkdtemp(join(tmpdir(), 'patchbay-upload-')));
      try {
        const spec = upload ? join(upload, basename(request.tarball!.filename)) : request.spec!;
        if (upload) await writeFile(spec, Buffer.from(request.tarball!.data, 'base64'));
        const label = request.tarball?.filename ?? spec;
        const record = await this.packages.install(spec, { onOutput: (line) => this.deps.events.progress(label, line) });
        this.deps.log.info({ event: 'packages.install', package: record.name, version: record.version, error: record.error?.code }, 'node package installed');
        await this.changed([record.name]);
        return info(record);
      } finally {
        if (upload) await rm(upload, { recursive: true, force: true });
      }
    });
  }

  /** Removes a package no flow uses (NODE_PACKAGE_IN_USE with the flows otherwise). */
  remove(name: string): Promise<NodePackageInfo> {
    return this.serially(async () => {
      const record = this.packages.list().find((p) => p.name === name);
      const users = record ? flowsUsing(this.deps.runtime.document, record.types) : [];
      if (users.length) throw failWith('NODE_PACKAGE_IN_USE', { flows: users }, name, users.join('; '));
      const removed = await this.packages.remove(name);
      this.deps.log.info({ event: 'packages.remove', package: name }, 'node package removed');
      await this.changed([name]);
      return info(removed);
    });
  }

  /**
   * Follows changes made to the data dir's packages from outside (`patchbay nodes install` or
   * `remove` while the server runs): it watches `<dataDir>/package.json`, which npm rewrites.
   * Returns the function that stops watching.
   */
  watch(dataDir: string): () => void {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dataDir, (_event, file) => {
      if (file !== 'package.json') return;
      clearTimeout(timer);
      // npm writes package.json before it has finished unpacking: wait until it is quiet.
      timer = setTimeout(() => void this.sync(), 1000);
    });
    watcher.on('error', (err) => this.deps.log.warn({ err }, 'not watching the data dir for node packages'));
    return () => { clearTimeout(timer); watcher.close(); };
  }

  /** Runs after any install or removal of this server's own, so it finds nothing left to do for those. */
  private sync(): Promise<void> {
    return this.serially(async () => {
      const names = await this.packages.sync();
      if (!names.length) return;
      this.deps.log.info({ event: 'packages.sync', packages: names }, 'node packages changed in the data dir');
      await this.changed(names);
    }).catch((err: unknown) => this.deps.log.error({ err }, 'node packages could not be reloaded'));
  }

  private async changed(names: string[]): Promise<void> {
    this.deps.events.changed(names);
    // Nodes of a type that came back start; nodes of a type that went become "missing type".
    await this.deps.flows.reload();
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function info({ name, version, source, types, error }: PackageRecord): NodePackageInfo {
  return { name, version, source: source === 'local' ? 'local' : 'npm', types, ...(error && { error }) };
}

function checkInstallRequest(body: unknown): PackageInstallRequest {
  if (!isPlainObject(body)) throw fail('HTTP_BODY_INVALID', 'expected { "spec": "name" } or { "tarball": { "filename", "data" } }');
  const { spec, tarball } = body;
  if (typeof spec === 'string' && tarball === undefined) {
    // Only registry names here: a path would install whatever sits on the server's disk.
    if (/^[./]|^file:|\.tgz$/i.test(spec)) throw fail('NODE_PACKAGE_SPEC_INVALID', spec, 'give an npm package name, or upload the .tgz');
    return { spec };
  }
  if (isPlainObject(tarball) && spec === undefined && typeof tarball.filename === 'string' && typeof tarball.data === 'string' && /\.tgz$/i.test(tarball.filename)) {
    return { tarball: { filename: tarball.filename, data: tarball.data } };
  }
  throw fail('HTTP_BODY_INVALID', 'expected { "spec": "name" } or { "tarball": { "filename": "x.tgz", "data": "<base64>" } }');
}

// The server's health for GET /api/health: liveness (it answers), readiness (the stored flows
// run: started, or found unusable and reported) and the state of the broker, the runtime and
// storage. Cheap to poll: counters and one access() call, no file reads or writes.
import { access, constants } from 'node:fs/promises';
import type { HealthResponse } from './contract.ts';
import type { FlowService } from './flows.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { ContextStore } from '../runtime/context-store.ts';
import type { BrokerStats } from '../broker/stats.ts';
import { PATCHBAY_VERSION } from '../version.ts';

export interface HealthSources {
  runtime: Runtime;
  flows: FlowService;
  contextStore: ContextStore;
  /** The built-in broker while it runs; undefined before it starts and when it is off. */
  broker(): { stats(): BrokerStats } | undefined;
  /** The built-in broker is on in settings. */
  brokerEnabled: boolean;
  dataDir: string;
}

type Lifecycle = HealthResponse['runtime']['state'];

export class ServerHealth {
  private state: Lifecycle = 'starting';

  constructor(private readonly sources: HealthSources) {}

  /** The stored flows run and the server is not stopping. */
  get ready(): boolean {
    return this.state === 'running';
  }

  get lifecycle(): Lifecycle {
    return this.state;
  }

  /** 'running' once the stored flows were started; 'stopping' at shutdown. */
  moveTo(state: Lifecycle): void {
    this.state = state;
  }

  async report(): Promise<HealthResponse> {
    const { runtime, flows, contextStore, dataDir } = this.sources;
    const summary = runtime.summary();
    const started = flows.started;
    const report: HealthResponse = {
      status: 'ok',
      version: PATCHBAY_VERSION,
      uptime: Math.round(process.uptime()),
      ready: this.ready,
      broker: this.brokerState(),
      runtime: { state: this.state, ...(started && { loaded: started.loaded }), rev: runtime.rev, ...summary },
      storage: {
        dataDirWritable: await access(dataDir, constants.W_OK).then(() => true, () => false),
        ...(flows.lastSave && { lastSave: flows.lastSave }),
        contextUnsaved: contextStore.unsavedScopes,
      },
      problems: [],
    };
    report.problems = problemsOf(report, started?.problem);
    return report;
  }

  private brokerState(): HealthResponse['broker'] {
    if (!this.sources.brokerEnabled) return { state: 'off' };
    const broker = this.sources.broker();
    if (!broker || this.state === 'stopping') return { state: 'stopped' };
    return { state: 'running', clients: broker.stats().clientsConnected };
  }
}

/** Each thing that is wrong, in words a person can act on. */
function problemsOf({ runtime, storage, broker }: HealthResponse, startProblem: string | undefined): string[] {
  const problems: string[] = [];
  if (runtime.state === 'starting') problems.push('starting: the stored flows do not run yet');
  if (runtime.state === 'stopping') problems.push('shutting down');
  if (runtime.loaded === 'backup') problems.push(`${startProblem}; its backup runs instead`);
  if (runtime.loaded === 'none' && startProblem) problems.push(`${startProblem}; no flows run`);
  if (runtime.nodes.failed.length) problems.push(`${runtime.nodes.failed.length} node(s) should run but don't (a refused deploy could not start them again): ${runtime.nodes.failed.join(', ')}`);
  if (runtime.nodes.missing.length) problems.push(`${runtime.nodes.missing.length} node(s) don't run because their type is not installed (see GET /api/packages): ${runtime.nodes.missing.join(', ')}`);
  if (broker.state === 'stopped' && runtime.state === 'running') problems.push('the built-in MQTT broker is not running');
  if (!storage.dataDirWritable) problems.push('the data dir cannot be written to: deploys and context cannot be saved');
  if (storage.lastSave && !storage.lastSave.ok) problems.push(`the last deploy could not be saved and was undone: ${storage.lastSave.error}`);
  if (storage.contextUnsaved) problems.push(`${storage.contextUnsaved} context scope(s) of the file store could not be saved (see the log)`);
  return problems;
}

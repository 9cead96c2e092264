// What the runtime tells the world (the realtime layer forwards these to the editor).
import { EventEmitter } from 'node:events';
import type { DebugEvent, DeployedEvent, LogEvent, StatusEvent } from '../api/contract.ts';

export interface RuntimeEventMap {
  debug: [DebugEvent];
  status: [StatusEvent];
  log: [LogEvent];
  deployed: [DeployedEvent];
}

export class RuntimeEvents extends EventEmitter<RuntimeEventMap> {}

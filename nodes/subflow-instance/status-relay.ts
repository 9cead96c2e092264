// How the status port of a subflow reaches its instance: the subflow-status node wraps the
// message under a symbol, which no message from outside (JSON) can carry.
import type { Message } from '#node-api';

export const SUBFLOW_STATUS = Symbol.for('patchbay.subflow.status');

export type StatusMessage = Message & { [SUBFLOW_STATUS]?: Message };

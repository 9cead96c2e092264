// The debug node's "node status" option: the shown value under the node, cut to 32 characters,
// with Node-RED's special cases (error messages, status messages, status-like values).
import { inspect } from 'node:util';
import type { Message, NodeContext, NodeStatus } from '#node-api';

const MAX_STATUS_LENGTH = 32;
const FILLS = new Set(['red', 'green', 'yellow', 'blue', 'grey']);
const SHAPES = new Set(['ring', 'dot']);

/** Shows the status for each message, sending only changes. */
export function statusDisplay(node: NodeContext<unknown, unknown>): (msg: Message, value: unknown) => void {
  node.status({ fill: 'grey', shape: 'ring' });
  let last = '';
  return (msg, value) => {
    const status = statusFor(msg, value);
    const key = JSON.stringify(status);
    if (key === last) return;
    last = key;
    node.status(status);
  };
}

export function statusFor(msg: Message, value: unknown): NodeStatus {
  let fill: unknown = 'grey';
  let shape: unknown = 'dot';
  let text = typeof value === 'string' ? value : inspect(value, { breakLength: Infinity });
  if (isStatusLike(value)) {
    ({ fill, shape } = value);
    text = String(value.text);
  }
  // A message from a catch node shows its error; one from a status node shows that status.
  const error = msg.error as { message?: unknown } | undefined;
  if (error && typeof error === 'object') {
    fill = 'red';
    text = String(error.message);
  }
  const status = msg.status as { fill?: unknown; shape?: unknown; text?: unknown } | undefined;
  if (status && typeof status === 'object') {
    fill = status.fill || 'grey';
    shape = status.shape || 'ring';
    text = String(status.text ?? '');
  }
  if (text.length > MAX_STATUS_LENGTH) text = `${text.slice(0, MAX_STATUS_LENGTH)}...`;
  return {
    fill: FILLS.has(fill as string) ? (fill as NodeStatus['fill']) : 'grey',
    shape: SHAPES.has(shape as string) ? (shape as NodeStatus['shape']) : 'dot',
    text,
  };
}

function isStatusLike(value: unknown): value is { fill: unknown; shape: unknown; text: unknown } {
  return typeof value === 'object' && value !== null && 'fill' in value && 'shape' in value && 'text' in value;
}

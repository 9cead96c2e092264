// Compiles the trigger's two typed values once per deploy.
import Mustache from 'mustache';
import { checkPropertyPath, compileTypedValue, errorMessage, type Message, NodeConfigError, type NodeContext } from '#node-api';
import type { SECOND_TYPES } from './schema.ts';

export type OutputValue =
  | { kind: 'nothing' }
  /** The latest message received while waiting, sent as it is. */
  | { kind: 'latest' }
  /** `atFire`: read when the second message goes (flow/global context) rather than when the wait starts. */
  | { kind: 'value'; read: (msg: Message) => unknown; atFire: boolean };

export function compileOutput(
  tv: { type: (typeof SECOND_TYPES)[number]; value: string },
  node: NodeContext<unknown>,
  path: string,
): OutputValue {
  const { type, value } = tv;
  if (type === 'nul') return { kind: 'nothing' };
  if (type === 'payl') return { kind: 'latest' };
  if (type === 'str' && value.includes('{{')) {
    try {
      Mustache.parse(value);
    } catch (err) {
      throw new NodeConfigError(`Invalid template: ${errorMessage(err)}`, path);
    }
    return { kind: 'value', read: (msg) => Mustache.render(value, msg), atFire: false };
  }
  if (type === 'msg') checkPropertyPath(value, path);
  return { kind: 'value', read: compileTypedValue({ type, value }, node, path), atFire: type === 'flow' || type === 'global' };
}

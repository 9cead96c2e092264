// Receives the errors of other nodes (Node-RED's catch node): the message that failed, with
// msg.error saying what went wrong and where.
import { cloneMessage, defineNode, type Message, Type, type WatchedEvents } from '#node-api';
import { watchScope, scopeConfig } from '../status/scope.ts';

export default defineNode({
  type: 'catch',
  version: 1,
  category: 'common',
  label: 'catch',
  color: '#e49191',
  icon: 'catch',
  inputs: 0,
  outputs: 1,
  config: Type.Object({
    ...scopeConfig('Catch errors from'),
    uncaught: Type.Boolean({ default: false, title: 'Ignore errors handled by other catch nodes', description: 'Only hear errors that no other catch node in scope hears' }),
  }),
  create(node) {
    node.watch('error', { ...watchScope(node.config), uncaught: node.config.uncaught }, (event) => node.send(errorMessage(event, () => node.newMessageId())));
  },
});

/** The failed message (a copy: other catch nodes get their own) with msg.error added. */
function errorMessage({ source, message, code, stack, msg, count }: WatchedEvents['error'], newId: () => string): Message {
  const out = msg ? cloneMessage(msg) : { _msgid: newId() };
  // Node-RED keeps an error the message already carried (a catch flow that failed again) as _error.
  if (Object.hasOwn(out, 'error')) out._error = out.error;
  out.error = {
    message,
    code,
    source: { id: source.id, type: source.type, name: source.name ?? '', count },
    ...(stack !== undefined && { stack }),
  };
  return out;
}

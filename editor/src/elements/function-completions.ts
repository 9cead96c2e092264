// Completions for function node code: what Node-RED's Function node (and ours) puts in scope,
// so `msg.`, `node.`, `flow.` and `RED.util.` offer their members as one types.
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';

interface Entry {
  label: string;
  type: 'variable' | 'property' | 'method';
  info: string;
}

const v = (label: string, info: string): Entry => ({ label, type: 'variable', info });
const p = (label: string, info: string): Entry => ({ label, type: 'property', info });
const m = (label: string, info: string): Entry => ({ label, type: 'method', info });

const STORE = [m('get', 'get(key, store?): the stored value'), m('set', 'set(key, value, store?)'), m('keys', 'keys(store?): the stored keys')];

/** Names in scope, and the members of each object by its path. */
export const FUNCTION_SCOPE: Readonly<Record<string, readonly Entry[]>> = {
  '': [
    v('msg', 'The message being handled'), v('node', 'This node: send, done, warn, error, status, …'),
    v('context', 'Values kept by this node'), v('flow', 'Values shared on this flow'), v('global', 'Values shared by all flows'),
    v('env', 'Environment variables: env.get(name)'), v('RED', 'RED.util: message helpers'),
  ],
  msg: [p('payload', 'The message body'), p('topic', 'The topic'), p('_msgid', 'The message id')],
  node: [
    m('send', 'send(msg | [msg1, msg2, …]): send without returning'), m('done', 'done(err?): the message is handled'),
    m('warn', 'warn(text): a warning in the debug sidebar'), m('error', 'error(err, msg?): an error for catch nodes'),
    m('log', 'log(text): a line in the server log'), m('status', 'status({ fill, shape, text })'),
    m('on', 'on("close", done => …)'), p('id', 'This node\'s id'), p('name', 'This node\'s name'), p('outputCount', 'How many outputs'),
  ],
  context: STORE,
  flow: STORE,
  global: STORE,
  env: [m('get', 'get(name): an environment variable')],
  RED: [p('util', 'Message helpers')],
  'RED.util': [
    m('cloneMessage', 'cloneMessage(msg): a deep copy'), m('generateId', 'generateId(): a new id'),
    m('getMessageProperty', 'getMessageProperty(msg, "payload.a")'), m('setMessageProperty', 'setMessageProperty(msg, "payload.a", value)'),
    m('getObjectProperty', 'getObjectProperty(obj, "a.b")'), m('setObjectProperty', 'setObjectProperty(obj, "a.b", value)'),
    m('evaluateNodeProperty', 'evaluateNodeProperty(value, type, node, msg)'),
  ],
};

/** The completion source: the names in scope, or the members after `name.` (`RED.util.` too). */
export function functionCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/(?:[A-Za-z_$][\w$]*\.)*[\w$]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const dot = word.text.lastIndexOf('.');
  const owner = dot < 0 ? '' : word.text.slice(0, dot);
  const options = FUNCTION_SCOPE[owner];
  if (!options) return null;
  return { from: word.from + dot + 1, options: options.map((o) => ({ ...o })), validFor: /^[\w$]*$/ };
}

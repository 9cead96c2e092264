// Node-RED's Function node: the user's JavaScript runs for each message in the node's own vm
// context, compiled once per deploy, with loops guarded against running forever.
import { defineNode, errorMessage, NodeRuntimeError, Type, type Message, type Outgoing } from '#node-api';
import { compileUserCode, type CodePart, type CompiledCode } from './compile.ts';
import { LoopGuard, LoopTimeoutError } from './loop-guard.ts';
import { isThenable, sendResults } from './results.ts';
import { createSandbox } from './sandbox.ts';
import { UserErrors } from './user-error.ts';

const DEFAULT_TIMEOUT_S = 1;

const PARTS = {
  code: { name: 'code', configPath: '/code', params: ['msg', 'node'] },
  // Node-RED runs On Start as an async function; messages wait until it settles.
  initialize: { name: 'initialize', configPath: '/initialize', params: ['node'], alwaysAsync: true },
  finalize: { name: 'finalize', configPath: '/finalize', params: ['node'] },
} satisfies Record<string, CodePart>;

/**
 * Node-RED's rule: code that calls `node.done()` (with no argument) completes its messages
 * itself. Code that only ever calls `node.done(err)` is completed when it returns.
 */
const CALLS_DONE = /\bnode\.done\s*\(\s*\)/;

type Input = [msg: Message, send: (out: Outgoing) => void, done: (err?: unknown) => void];

export default defineNode({
  type: 'function',
  version: 1,
  category: 'function',
  label: 'function',
  color: '#fdd0a2',
  icon: 'function',
  inputs: 1,
  outputs: { fromConfig: 'outputs' },
  config: Type.Object({
    code: Type.String({
      default: 'return msg;', format: 'javascript', title: 'On Message',
      description: 'Runs for each message (msg). Return a message, an array with one entry per output, or null.',
    }),
    outputs: Type.Integer({ default: 1, minimum: 0, maximum: 16, title: 'Outputs' }),
    initialize: Type.String({ default: '', format: 'javascript', title: 'On Start', description: 'Runs once when the node starts; may await. Messages wait until it finishes.' }),
    finalize: Type.String({ default: '', format: 'javascript', title: 'On Stop', description: 'Runs when the node stops (redeploy or shutdown).' }),
    timeout: Type.Number({
      default: DEFAULT_TIMEOUT_S, minimum: 0, title: 'Timeout (s)',
      description: 'How long one synchronous run may take before it is stopped (0 = 1 s).',
    }),
  }),
  create(node) {
    const { config } = node;
    const guard = new LoopGuard((config.timeout || DEFAULT_TIMEOUT_S) * 1000);
    const errors = new UserErrors();
    // What to report for a failure of user code; a timeout also turns the status red.
    const reportable = (err: unknown) => {
      if (err instanceof LoopTimeoutError && !node.signal.aborted) node.status({ fill: 'red', shape: 'dot', text: `stopped after ${err.timeoutMs / 1000} s` });
      return errors.describe(err);
    };
    const report = (err: unknown, msg?: Message) => node.error(reportable(err), msg);
    const invalidResult = (err: Error) => node.error(err);
    const sandbox = createSandbox(node, { guard, outputs: config.outputs, describe: reportable, report });
    const compile = (source: string, part: CodePart): CompiledCode | undefined => {
      if (part.name !== 'code' && source.trim() === '') return undefined;
      const compiled = compileUserCode(source, part, node.id, sandbox.context, guard.check);
      errors.add(compiled);
      return compiled;
    };
    const onMessage = compile(config.code, PARTS.code)!;
    const onStart = compile(config.initialize, PARTS.initialize);
    const onStop = compile(config.finalize, PARTS.finalize);
    const autoDone = !CALLS_DONE.test(config.code);

    // No named closures per message: under tsx (keepNames) each costs a defineProperty call.
    const finish = (results: unknown, msg: Message, send: (out: Outgoing) => void, done: (err?: unknown) => void) => {
      if (node.signal.aborted) return; // an async run that outlived the node
      sendResults(results, { msgid: msg._msgid, cloneFirst: false, send, invalid: invalidResult });
      if (autoDone) done();
    };
    const handle = (msg: Message, send: (out: Outgoing) => void, done: (err?: unknown) => void) => {
      const outcome = guard.run(onMessage.fn, [msg, sandbox.nodeFor({ msgid: msg._msgid, send, done })]);
      if (!outcome.ok) done(reportable(outcome.error));
      else if (isThenable(outcome.value)) outcome.value.then((results) => finish(results, msg, send, done), (err) => done(reportable(err)));
      else finish(outcome.value, msg, send, done);
    };

    // Until On Start settles, messages queue; if it fails, each is failed with its error.
    let waiting: Input[] | undefined;
    let startFailure: { error: unknown } | undefined;
    const receive = (msg: Message, send: (out: Outgoing) => void, done: (err?: unknown) => void) => {
      if (waiting) waiting.push([msg, send, done]);
      else if (startFailure) done(new NodeRuntimeError(`On Start failed: ${errorMessage(startFailure.error)}`, 'FUNCTION_START_FAILED'));
      else handle(msg, send, done);
    };

    if (onStart) {
      waiting = [];
      const outcome = guard.run(onStart.fn, [sandbox.nodeFor({ send: node.send })]);
      const started = outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
      started.then(
        () => undefined,
        (err: unknown) => {
          startFailure = { error: reportable(err) };
          node.error(startFailure.error);
        },
      ).then(() => {
        const queued = waiting ?? [];
        waiting = undefined;
        if (!node.signal.aborted) for (const input of queued) receive(...input);
      });
    }

    return {
      // Three parameters: the runtime waits for `done`.
      input: receive,
      async close() {
        if (onStop) {
          const outcome = guard.run(onStop.fn, [sandbox.nodeFor({})]);
          try {
            if (!outcome.ok) throw outcome.error;
            await outcome.value;
          } catch (err) {
            report(err);
          }
        }
        sandbox.clearTimers();
        await sandbox.runCloseListeners(); // after On Stop, as Node-RED's own close handler is registered first
        guard.dispose();
      },
    };
  },
});

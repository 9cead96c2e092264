// exec: runs a system command for each message and sends its stdout, stderr and return code
// on three outputs (Node-RED's exec node). Off unless the settings allow it (execEnabled).
import { defineNode, type ExecProcess, getProperty, NodeRuntimeError, Type } from '#node-api';
import { runExec, runSpawn } from './run.ts';

export default defineNode({
  type: 'exec',
  version: 1,
  category: 'function',
  label: 'exec',
  color: '#a6bbcf',
  icon: 'exec',
  inputs: 1,
  outputs: 3,
  config: Type.Object({
    command: Type.String({ default: '', title: 'Command' }),
    addpay: Type.String({ default: 'payload', title: 'Append message property', description: 'A message property added to the command (empty: none)' }),
    append: Type.String({ default: '', title: 'Extra arguments', description: 'Added after the message property' }),
    useSpawn: Type.Boolean({ default: false, title: 'Spawn mode', description: 'Send output as it comes (spawn) instead of all at the end (exec)' }),
    timer: Type.Number({ default: 0, minimum: 0, title: 'Timeout (s)', description: 'Kill the command after this long; 0 = no timeout' }),
    oldrc: Type.Boolean({ default: false, title: 'Return code only on failure', description: 'Off: the third output always gets { code }' }),
  }),
  create(node) {
    const { config } = node;
    const running = new Set<ExecProcess>();
    if (!node.exec.enabled) node.status({ fill: 'red', shape: 'ring', text: 'turned off in settings' });
    return {
      async input(msg, send) {
        if (!node.exec.enabled) throw new NodeRuntimeError('exec is turned off: set execEnabled in the settings to run commands', 'EXEC_DISABLED');
        if (Object.hasOwn(msg, 'kill')) {
          for (const child of running) child.kill(typeof msg.kill === 'string' && msg.kill ? msg.kill as NodeJS.Signals : 'SIGTERM');
          return;
        }
        if (!config.command.trim()) throw new NodeRuntimeError('No command set', 'EXEC_NO_COMMAND');
        const extra = config.addpay ? getProperty(msg, config.addpay) : undefined;
        const command = [config.command, extra === undefined ? '' : String(extra), config.append].filter((p) => p.trim() !== '').join(' ');
        const options = { command, timeoutMs: config.timer * 1000, alwaysReturnCode: !config.oldrc };
        node.status({ fill: 'blue', shape: 'dot', text: 'running' });
        const track = (child: ExecProcess) => {
          running.add(child);
          void child.exit.then(() => running.delete(child));
        };
        await (config.useSpawn ? runSpawn : runExec)(node.exec, options, msg, send, track);
        if (!node.signal.aborted) node.status({});
      },
      close() {
        for (const child of running) child.kill();
      },
    };
  },
});

// `node.exec`: commands run through the shell for the exec node, only while the settings allow it.
import { spawn } from 'node:child_process';
import type { ExecCapability } from '../node-api/host.ts';
import { NodeRuntimeError } from '../node-api/errors.ts';

export function execProcesses(enabled: boolean): ExecCapability {
  return {
    enabled,
    run(command, options) {
      if (!enabled) throw new NodeRuntimeError('exec is turned off: set execEnabled in the settings to run commands', 'EXEC_DISABLED');
      const child = spawn(command, { shell: true, timeout: options.timeoutMs || undefined });
      child.stdout.on('data', options.onStdout);
      child.stderr.on('data', options.onStderr);
      const exit = new Promise<{ code: number | null; signal?: string; error?: string }>((resolve) => {
        child.on('error', (err) => resolve({ code: null, error: err.message }));
        child.on('close', (code, signal) => resolve({ code, ...(signal && { signal }) }));
      });
      return { exit, kill: (signal) => { child.kill((signal ?? 'SIGTERM') as NodeJS.Signals); } };
    },
  };
}

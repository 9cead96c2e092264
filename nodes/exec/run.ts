// Running the command one message asks for, in exec mode (all output at the end) or spawn
// mode (output as it comes), with Node-RED's three outputs: stdout, stderr, return code.
import { exec, spawn, type ChildProcess } from 'node:child_process';
import { cloneMessage, type Message, type Outgoing } from '#node-api';

export interface RunOptions {
  command: string;
  spawn: boolean;
  timeoutMs: number;
  /** Node-RED's "oldrc" off: a return code object is sent even when the command succeeds. */
  alwaysReturnCode: boolean;
}

type Send = (out: Outgoing) => void;

/** Output bytes as a string when they are valid UTF-8, else as the Buffer (Node-RED's rule). */
function textOrBuffer(bytes: Buffer): string | Buffer {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes;
}

export function runExec(options: RunOptions, msg: Message, send: Send, track: (child: ChildProcess) => void): Promise<void> {
  return new Promise((resolve) => {
    const child = exec(options.command, { encoding: 'buffer', maxBuffer: 10 * 1024 * 1024, timeout: options.timeoutMs }, (error, stdout, stderr) => {
      const out = cloneMessage(msg);
      out.payload = textOrBuffer(stdout);
      const err: Message | null = stderr.length ? { ...cloneMessage(msg), payload: textOrBuffer(stderr) } : null;
      let rc: Message | null = null;
      if (error) rc = { ...cloneMessage(msg), payload: { code: error.code ?? null, message: error.message, ...(error.signal && { signal: error.signal }) } };
      else if (options.alwaysReturnCode) rc = { ...cloneMessage(msg), payload: { code: 0 } };
      if (rc) {
        out.rc = rc.payload;
        if (err) err.rc = rc.payload;
      }
      send([out, err, rc]);
      resolve();
    });
    track(child);
  });
}

export function runSpawn(options: RunOptions, msg: Message, send: Send, track: (child: ChildProcess) => void): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(options.command, { shell: true, timeout: options.timeoutMs || undefined });
    track(child);
    const chunk = (port: 0 | 1) => (data: Buffer) => {
      const out = { ...cloneMessage(msg), payload: textOrBuffer(data) };
      send(port === 0 ? [out, null, null] : [null, out, null]);
    };
    child.stdout.on('data', chunk(0));
    child.stderr.on('data', chunk(1));
    child.on('error', (err) => {
      send([null, null, { ...cloneMessage(msg), payload: { code: -1, message: err.message } }]);
      resolve();
    });
    child.on('close', (code, signal) => {
      send([null, null, { ...cloneMessage(msg), payload: { code, ...(signal && { signal }) } }]);
      resolve();
    });
  });
}

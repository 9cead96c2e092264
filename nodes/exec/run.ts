// Running the command one message asks for, in exec mode (all output at the end) or spawn
// mode (output as it comes), with Node-RED's three outputs: stdout, stderr, return code.
import { cloneMessage, type ExecProcess, type Message, type NodeContext, type Outgoing } from '#node-api';

export interface RunOptions {
  command: string;
  timeoutMs: number;
  /** Node-RED's "oldrc" off: a return code object is sent even when the command succeeds. */
  alwaysReturnCode: boolean;
}

type Send = (out: Outgoing) => void;
type Exec = NodeContext['exec'];

/** Output bytes as a string when they are valid UTF-8, else as the Buffer (Node-RED's rule). */
function textOrBuffer(bytes: Buffer): string | Buffer {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes;
}

function withPayload(msg: Message, payload: unknown): Message {
  const out = cloneMessage(msg);
  out.payload = payload;
  return out;
}

/** Exec mode: stdout (with msg.rc), stderr and the code, each once, when the command ends. */
export async function runExec(exec: Exec, options: RunOptions, msg: Message, send: Send, track: (p: ExecProcess) => void): Promise<void> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const child = exec.run(options.command, { timeoutMs: options.timeoutMs, onStdout: (d) => stdout.push(d), onStderr: (d) => stderr.push(d) });
  track(child);
  const { code, signal, error } = await child.exit;
  const out = withPayload(msg, textOrBuffer(Buffer.concat(stdout)));
  const err = stderr.length ? withPayload(msg, textOrBuffer(Buffer.concat(stderr))) : null;
  const failed = code !== 0;
  const rc = failed || options.alwaysReturnCode
    ? withPayload(msg, { code, ...(error && { message: error }), ...(signal && { signal }) })
    : null;
  if (rc) {
    out.rc = rc.payload;
    if (err) err.rc = rc.payload;
  }
  send([out, err, rc]);
}

/** Spawn mode: each piece of output as it comes, then the code. */
export async function runSpawn(exec: Exec, options: RunOptions, msg: Message, send: Send, track: (p: ExecProcess) => void): Promise<void> {
  const child = exec.run(options.command, {
    timeoutMs: options.timeoutMs,
    onStdout: (d) => send([withPayload(msg, textOrBuffer(d)), null, null]),
    onStderr: (d) => send([null, withPayload(msg, textOrBuffer(d)), null]),
  });
  track(child);
  const { code, signal, error } = await child.exit;
  send([null, null, withPayload(msg, { code, ...(error && { message: error }), ...(signal && { signal }) })]);
}

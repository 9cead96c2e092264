// Starts the real `patchbay` command in a child process, as a user or a service manager would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../server/bin/patchbay.js', import.meta.url));

/** The admin password the started servers get (PATCHBAY_ADMIN_PASSWORD). */
export const ADMIN_PASSWORD = 'correct horse battery';

interface Teardown {
  after(fn: () => unknown): void;
}

export interface RunningCli {
  child: ChildProcess;
  editorUrl: string;
  mqttUrl?: string;
  stdout(): string;
  stderr(): string;
  /** fetch() against the server as admin (a Bearer token from /api/auth/login), JSON in and out. */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /** SIGTERM, then the exit code, or the signal that ended it with what it wrote to stderr. */
  stop(): Promise<number | string>;
}

/** Starts `patchbay` with `args` (ports 0) and waits for its URL lines; killed after the test. */
export async function startCli(t: Teardown, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--mqtt-port', '0', '--log-level', 'warn', ...args], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATCHBAY_ADMIN_PASSWORD: ADMIN_PASSWORD, ...opts.env },
  });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const urls: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 20 s; stderr: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout += `${line}\n`;
      const match = /^(editor|mqtt|login): (\S+)/.exec(line);
      if (match) urls[match[1]!] = match[2]!;
      // The editor line comes before the others; the mqtt line is last when there is a broker.
      if (urls.editor && (urls.mqtt || args.includes('--no-broker'))) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}: ${stderr}`)); });
  });
  let token: string | undefined;
  const request = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
    const res = await fetch(`${urls.editor}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* not JSON: keep the text for the assertion message */ }
    return { status: res.status, body: body as any }; // any: tests assert on whatever came back
  };
  return {
    child,
    editorUrl: urls.editor!,
    mqttUrl: urls.mqtt,
    stdout: () => stdout,
    stderr: () => stderr,
    async api(path, init = {}) {
      token ??= ((await request('/api/auth/login', { method: 'POST', body: { username: 'admin', password: ADMIN_PASSWORD } })).body as { token: string }).token;
      return request(path, { ...init, token });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? `${child.signalCode}: ${stderr}`;
      const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? `${signal}: ${stderr}`)));
      child.kill('SIGTERM');
      return exit;
    },
  };
}

const cliEntry = fileURLToPath(new URL('../../server/cli.ts', import.meta.url));

/**
 * Runs a `patchbay` subcommand that needs no editor build (users, token, hash-password) to its
 * end, with `stdin` piped in (a password); resolves with its exit code and output.
 */
export function runCommand(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  child.stdin!.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

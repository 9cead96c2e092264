// The start-up rules for who can reach Patchbay, and what flows may see of its environment.
import type { Settings } from '../config.ts';
import { isLoopbackHost } from './addresses.ts';

/**
 * Why Patchbay must not start with these settings, if it must not: login turned off on a host
 * others can reach, or a network-facing bind with neither an account to log in with nor TLS
 * (unless --insecure says the user means it).
 */
export function exposureProblem(settings: Pick<Settings, 'host' | 'auth' | 'insecure' | 'http'>, hasPasswordUsers: boolean): string | undefined {
  if (isLoopbackHost(settings.host)) return undefined;
  if (!settings.auth) {
    return `auth is off, and host ${settings.host} lets other machines in: anyone on the network could deploy code. ` +
      'Turn auth back on, or bind to 127.0.0.1.';
  }
  if (!hasPasswordUsers && !settings.http.tls && !settings.insecure) {
    return `host ${settings.host} lets other machines in, but no account has a password and there is no TLS. ` +
      'Set one with PATCHBAY_ADMIN_PASSWORD=... or `patchbay users passwd admin`, add TLS (`patchbay tls self-signed`), ' +
      'or start with --insecure if this network is yours alone.';
  }
  return undefined;
}

/**
 * The environment flows see (`env.get`, `${NAME}`): the process's, without Patchbay's own
 * PATCHBAY_* variables — the credential secret and the admin password among them.
 */
export function flowEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('PATCHBAY_')));
}

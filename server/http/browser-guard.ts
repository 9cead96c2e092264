// What keeps a web page on another site from driving Patchbay through the user's browser:
// a Host allow-list against DNS rebinding, an Origin check on every WebSocket upgrade and
// every request that changes something, JSON-only bodies for those requests (a plain HTML
// form can't send JSON), and security headers on the editor and the API.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { fail, type PatchbayError } from '../errors.ts';

export interface BrowserGuardOptions {
  /** Extra names this server is reached by (a reverse proxy's, a DNS name); `.example.com` allows subdomains. */
  allowedHosts: readonly string[];
  /** Extra origins whose pages may use the API and sockets (`https://dashboard.example.com`). */
  allowedOrigins: readonly string[];
}

/**
 * The editor works under this policy: no eval, scripts only from the server; styles inline too
 * (React Flow and CodeMirror set style attributes and elements); no framing by other sites.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host name of a Host header (`[::1]:1880` → `::1`), lower case. */
function hostOf(header: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  return (bracketed ? bracketed[1]! : header.replace(/:\d+$/, '')).toLowerCase();
}

/**
 * Whether a Host header names this server. IP addresses always do (DNS rebinding needs a
 * name the attacker controls); names must be this machine's own (`localhost`, its host name,
 * `<hostname>.local`) or listed in allowedHosts.
 */
export function hostAllowed(header: string | undefined, opts: BrowserGuardOptions): boolean {
  if (!header) return false;
  const host = hostOf(header);
  if (isIP(host) || host === 'localhost' || host.endsWith('.localhost')) return true;
  const machine = hostname().toLowerCase();
  if (host === machine || host === `${machine}.local`) return true;
  return opts.allowedHosts.some((allowed) => {
    const name = allowed.toLowerCase();
    return name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name;
  });
}

/**
 * Why a request from a browser page must be refused, if it must: a foreign Host, or an
 * Origin that is neither this server's own (the Host it asked for) nor an allowed one.
 * Requests without Origin (scripts, curl, MQTT clients) pass the Origin check.
 */
export function browserProblem(req: IncomingMessage, opts: BrowserGuardOptions): PatchbayError | undefined {
  if (!hostAllowed(req.headers.host, opts)) return fail('HTTP_HOST_REFUSED', req.headers.host ?? '(none)');
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, req.headers.host!, opts)) return fail('HTTP_ORIGIN_REFUSED', origin);
  if (origin === undefined && req.headers['sec-fetch-site'] === 'cross-site') return fail('HTTP_ORIGIN_REFUSED', 'another site');
  return undefined;
}

function originAllowed(origin: string, host: string, opts: BrowserGuardOptions): boolean {
  if (opts.allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and malformed origins
  }
}

/** Host check for every request; Origin and JSON-only checks for API requests that change something. */
export function browserGuard(opts: BrowserGuardOptions): RequestHandler {
  return (req, _res, next) => {
    if (!hostAllowed(req.headers.host, opts)) return next(fail('HTTP_HOST_REFUSED', req.headers.host ?? '(none)'));
    if (!req.path.startsWith('/api/') || SAFE_METHODS.has(req.method)) return next();
    const problem = browserProblem(req, opts);
    if (problem) return next(problem);
    // An HTML form can post urlencoded, multipart or text/plain bodies across sites; JSON needs
    // a CORS preflight that this server never grants.
    const type = req.headers['content-type'];
    if (type !== undefined && !/^application\/json\b/i.test(type)) return next(fail('HTTP_BODY_UNSUPPORTED', `expected application/json, got ${type.split(';')[0]}`));
    next();
  };
}

/** Security headers for the editor's pages and the API (not for the routes flows serve). */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  next();
};

/**
 * Checks every WebSocket upgrade (MQTT at /mqtt, socket.io) before the servers that handle
 * them: a page of another site, or a request for a foreign Host, gets 403 and the socket is
 * closed, so no handshake completes (ws and engine.io skip a socket that is no longer writable).
 */
export function guardUpgrades(server: Server, opts: BrowserGuardOptions): void {
  server.prependListener('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const problem = browserProblem(req, opts);
    if (!problem) return;
    const answer = `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${problem.code}: ${problem.message}\r\n`;
    socket.end(answer, () => socket.destroy());
  });
}

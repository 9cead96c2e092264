// The one place that decides who may use the API: `identify` reads the credential of every
// /api request (a Bearer token, or the editor's session cookie), and each route declares what
// it needs with `allow(...)`. test/integration/auth-routes.test.ts walks every registered
// route and fails for one that declares nothing. The realtime layer uses the same credential
// reading and the same Authenticator.
import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import { allows, type Access, type Authenticator, type Principal } from '../auth/authenticator.ts';
import { fail } from '../errors.ts';

/** The editor's session cookie: httpOnly, SameSite=Strict, so no other site's page can use it. */
export const SESSION_COOKIE = 'patchbay_session';

/** Marks the middleware `allow` makes, so the route audit can find each route's access. */
export const ACCESS = Symbol('access');

/** The token a request or socket handshake presents: `Authorization: Bearer`, else the session cookie. */
export function credentialOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  const cookies = req.headers.cookie;
  return cookies ? parseCookies(cookies)[SESSION_COOKIE] : undefined;
}

/** Starts the editor's session: the token goes in an httpOnly, SameSite=Strict cookie. */
export function setSessionCookie(req: Request, res: Response, token: string, lifetimeMs: number): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: lifetimeMs });
}

/** Sets `res.locals.principal` for a valid credential; refusing is each route's `allow`. */
export function identify(auth: Authenticator): RequestHandler {
  return (req, res, next) => {
    res.locals.principal = auth.principalFor(credentialOf(req));
    next();
  };
}

/** The principal `identify` found, for routes behind `allow('viewer')` or `allow('admin')`. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw fail('AUTH_REQUIRED');
  return principal;
}

/** What a route needs: 401 without a valid credential, 403 with too small a role. */
export function allow<P = ParamsDictionary>(access: Access): RequestHandler<P> & { [ACCESS]: Access } {
  // Generic in the route's parameters, so a route's own handler keeps their types.
  const check: RequestHandler<P> = (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (access === 'public') return next();
    if (!principal) return next(fail('AUTH_REQUIRED'));
    if (!allows(principal.role, access)) return next(fail('AUTH_FORBIDDEN', principal.role, access));
    next();
  };
  return Object.assign(check, { [ACCESS]: access });
}

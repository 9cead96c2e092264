// /api/auth: log in and out, who am I, change my password, and (admins) script tokens.
import { Router } from 'express';
import type { LoginResponse, MeResponse, TokenCreated, TokenInfo } from '../../api/contract.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { fail } from '../../errors.ts';
import { audit, type Logger } from '../../log.ts';
import { isPlainObject } from '../../plain-object.ts';
import { allow, credentialOf, principalOf, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import { jsonBody } from '../json-body.ts';

export function authRoutes(auth: Authenticator, sessionLifetimeMs: number, log: Logger): Router {
  const router = Router();

  router.post('/auth/login', allow('public'), async (req, res) => {
    const { username, password } = stringFields(jsonBody(req), ['username', 'password']);
    const client = req.socket.remoteAddress ?? 'unknown';
    const token = await auth.login(username, password, client);
    setSessionCookie(req, res, token, sessionLifetimeMs);
    const principal = auth.principalFor(token)!;
    audit(log, 'auth.login', { user: principal.user, client });
    res.json({ token, user: principal.user, role: principal.role } satisfies LoginResponse);
  });

  router.post('/auth/logout', allow('viewer'), async (req, res) => {
    const credential = credentialOf(req);
    if (credential?.startsWith('pbs_')) await auth.logout(credential);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ loggedOut: true });
  });

  router.get('/auth/me', allow('viewer'), (_req, res) => {
    const { user, role } = principalOf(res);
    res.json({ user, role, authEnabled: auth.enabled, passwordSet: !auth.needsPassword(user) } satisfies MeResponse);
  });

  router.put('/auth/password', allow('viewer'), async (req, res) => {
    const body = jsonBody(req);
    const { password } = stringFields(body, ['password']);
    const current = isPlainObject(body) && typeof body.current === 'string' ? body.current : undefined;
    const { user } = principalOf(res);
    await auth.changePassword(user, current, password);
    audit(log, 'auth.password', { user });
    res.json({ changed: true });
  });

  router.get('/auth/tokens', allow('admin'), (_req, res) => {
    res.json(auth.listTokens().map(({ id, name, username, created }) => ({ id, name, user: username, created })) satisfies TokenInfo[]);
  });

  router.post('/auth/tokens', allow('admin'), async (req, res) => {
    const { name } = stringFields(jsonBody(req), ['name']);
    const { user } = principalOf(res);
    const created = await auth.createToken(user, name);
    audit(log, 'auth.token.create', { user, id: created.id });
    res.status(201).json(created satisfies TokenCreated);
  });

  router.delete('/auth/tokens/:id', allow<{ id: string }>('admin'), async (req, res) => {
    await auth.revokeToken(req.params.id);
    audit(log, 'auth.token.revoke', { user: principalOf(res).user, id: req.params.id });
    res.json({ revoked: req.params.id });
  });
  return router;
}

/** The named string fields of a JSON object body, or HTTP_BODY_INVALID naming what is missing. */
function stringFields<K extends string>(body: unknown, keys: readonly K[]): Record<K, string> {
  const missing = keys.filter((key) => !isPlainObject(body) || typeof body[key] !== 'string');
  if (missing.length || !isPlainObject(body)) throw fail('HTTP_BODY_INVALID', `expected a JSON object with string ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((key) => [key, body[key]])) as Record<K, string>;
}

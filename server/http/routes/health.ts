// GET /api/health (liveness and the state of each part) and GET /api/health/ready (readiness:
// 200 once the stored flows run, 503 while starting and stopping), both public, for monitors and
// service managers. While the server starts, the rest of the API answers 503 SERVER_STARTING.
import { Router, type RequestHandler } from 'express';
import type { ServerHealth } from '../../api/health.ts';
import { failWith } from '../../errors.ts';
import { allow } from '../auth.ts';

/** What a client is told to wait before asking again while the server starts (s). */
const RETRY_AFTER_S = 1;

export function healthRoutes(health: ServerHealth): Router {
  const router = Router();
  router.get('/health', allow('public'), async (_req, res) => {
    res.json(await health.report());
  });
  router.get('/health/ready', allow('public'), (_req, res) => {
    if (!health.ready) throw notReady(health);
    res.json({ ready: true });
  });
  return router;
}

/** Refuses API requests until the stored flows run: a deploy made before would be made against an empty document. */
export function whileStarting(health: ServerHealth): RequestHandler {
  return (_req, _res, next) => next(health.lifecycle === 'starting' ? notReady(health) : undefined);
}

function notReady(health: ServerHealth): Error {
  return failWith(health.lifecycle === 'stopping' ? 'SERVER_STOPPING' : 'SERVER_STARTING', { retryAfter: RETRY_AFTER_S });
}

import { Router } from 'express';
import type { HealthResponse } from '../../api/contract.ts';
import { PATCHBAY_VERSION } from '../../version.ts';

export function healthRoutes(): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: PATCHBAY_VERSION, uptime: Math.round(process.uptime()) } satisfies HealthResponse);
  });
  return router;
}

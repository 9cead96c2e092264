import { Router } from 'express';
import type { HealthResponse } from '../../api/contract.ts';
import { PATCHBAY_VERSION } from '../../version.ts';
import { allow } from '../auth.ts';

export function healthRoutes(): Router {
  const router = Router();
  router.get('/health', allow('public'), (_req, res) => {
    res.json({ status: 'ok', version: PATCHBAY_VERSION, uptime: Math.round(process.uptime()) } satisfies HealthResponse);
  });
  return router;
}

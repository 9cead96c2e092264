// Node packages: list, install, remove. Admins only: installing a package runs its code in the server.
import { Router } from 'express';
import type { NodePackageInfo } from '../../api/contract.ts';
import type { PackageService } from '../../api/packages.ts';
import { jsonBody } from '../json-body.ts';
import { allow } from '../auth.ts';

export function packageRoutes(packages: PackageService): Router {
  const router = Router();
  router.get('/packages', allow('admin'), (_req, res) => {
    res.json(packages.list() satisfies NodePackageInfo[]);
  });
  router.post('/packages', allow('admin'), async (req, res) => {
    res.json(await packages.install(jsonBody(req)));
  });
  router.delete('/packages/:name', allow<{ name: string }>('admin'), async (req, res) => {
    res.json(await packages.remove(req.params.name));
  });
  return router;
}

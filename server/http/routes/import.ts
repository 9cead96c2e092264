// POST /api/flows/import?from=node-red: converts a Node-RED flow file and answers with the
// Patchbay document and the report. Deploys nothing; the caller deploys (with the credentials
// the file held, which go to the encrypted store then).
import { Router } from 'express';
import type { ImportResponse } from '../../api/contract.ts';
import { fail } from '../../errors.ts';
import { convertNodeRed } from '../../import/node-red/index.ts';
import { jsonBody } from '../json-body.ts';
import { allow } from '../auth.ts';

export function importRoutes(): Router {
  const router = Router();
  // Admins only: converting is the first half of a deploy, and the answer carries the file's credentials.
  router.post('/flows/import', allow('admin'), (req, res) => {
    const from = req.query.from;
    if (from !== 'node-red') throw fail('IMPORT_FORMAT_UNKNOWN', typeof from === 'string' ? from : '');
    const { document, report, credentials } = convertNodeRed(jsonBody(req));
    const body: ImportResponse = { document, report };
    if (Object.keys(credentials).length) body.credentials = { ...credentials };
    res.json(body);
  });
  return router;
}

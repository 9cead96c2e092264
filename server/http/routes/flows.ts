import { Router } from 'express';
import type { DeployResponse, FlowsResponse } from '../../api/contract.ts';
import type { FlowService } from '../../api/flows.ts';
import { audit, type Logger } from '../../log.ts';
import { jsonBody } from '../json-body.ts';
import { allow, principalOf } from '../auth.ts';

export function flowRoutes(flows: FlowService, log: Logger): Router {
  const router = Router();
  router.get('/flows', allow('viewer'), (_req, res) => {
    const body: FlowsResponse = flows.get();
    res.setHeader('ETag', `"${body.rev}"`);
    res.json(body);
  });
  router.put('/flows', allow('admin'), async (req, res) => {
    const rev = await flows.deploy(jsonBody(req), parseIfMatch(req.get('If-Match')));
    audit(log, 'flows.deploy', { user: principalOf(res).user, rev });
    res.setHeader('ETag', `"${rev}"`);
    const missing = flows.missingTypes();
    res.json({ rev, ...(missing.size && { missingTypes: Object.fromEntries(missing) }) } satisfies DeployResponse);
  });
  return router;
}

/**
 * The revisions an If-Match header lists: `rev`, `"rev"`, `W/"rev"`, or several separated by
 * commas; `*` (or no header) means "whatever is there".
 */
function parseIfMatch(header: string | undefined): string[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

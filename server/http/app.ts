// The Express app: the browser guard in front of everything, the JSON API under /api (each
// route declares who may use it), the built editor at /, then the routes nodes serve (http-in).
import { existsSync } from 'node:fs';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { ErrorResponse } from '../api/contract.ts';
import { fail, PatchbayError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { isPlainObject } from '../plain-object.ts';
import { allow, identify, setSessionCookie } from './auth.ts';
import { browserGuard, securityHeaders, type BrowserGuardOptions } from './browser-guard.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes, whileStarting } from './routes/health.ts';
import type { ServerHealth } from '../api/health.ts';
import { nodeRoutes, type NodeRouteDeps } from './routes/nodes.ts';
import { flowRoutes } from './routes/flows.ts';
import { brokerRoutes, type BrokerAccess } from './routes/broker.ts';
import { deviceRoutes, type DeviceAccess } from './routes/devices.ts';
import { importRoutes } from './routes/import.ts';
import type { FlowService } from '../api/flows.ts';
import type { PackageService } from '../api/packages.ts';
import { packageRoutes } from './routes/packages.ts';
import { jsonBodies } from './json-body.ts';

export interface AppDeps extends NodeRouteDeps {
  flows: FlowService;
  auth: Authenticator;
  /** How long a login lasts (ms). */
  sessionLifetimeMs: number;
  browser: BrowserGuardOptions;
  log: Logger;
  maxBodyBytes: number;
  /** Directory of the built editor; absent or missing shows a hint instead. */
  editorDir?: string;
  broker: BrokerAccess;
  devices: DeviceAccess;
  /** Routes served by nodes (http-in): after the API and the editor, so they can't shadow them. */
  nodeRoutes: RequestHandler;
  health: ServerHealth;
  packages: PackageService;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // /api/flows sets its own ETag (the rev)

  app.use(browserGuard(deps.browser));

  const api = express.Router();
  api.use(securityHeaders);
  api.use(identify(deps.auth));
  api.use(jsonBodies(deps.maxBodyBytes));
  api.use(healthRoutes(deps.health));
  api.use(authRoutes(deps.auth, deps.sessionLifetimeMs, deps.log));
  api.use(whileStarting(deps.health));
  api.use(nodeRoutes(deps));
  api.use(flowRoutes(deps.flows, deps.log));
  api.use(importRoutes());
  api.use(packageRoutes(deps.packages));
  api.use(brokerRoutes(deps.broker));
  api.use(deviceRoutes(deps.devices));
  api.use((req) => { throw fail('HTTP_NOT_FOUND', req.method, req.originalUrl); });
  app.use('/api', api);

  // The start-up login link (`/?token=...`): one use, then a session cookie and the editor.
  app.get('/', allow('public'), async (req, res, next) => {
    const token = req.query.token;
    if (typeof token !== 'string') return next();
    setSessionCookie(req, res, await deps.auth.loginWithLink(token), deps.sessionLifetimeMs);
    res.redirect(303, '/');
  });
  if (deps.editorDir && existsSync(deps.editorDir)) {
    app.use(securityHeaders, express.static(deps.editorDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForIndex }));
  } else {
    app.get('/', allow('public'), (_req, res) => { res.type('text').send('The editor is not built yet: run `npm run build`.'); });
  }
  app.use(deps.nodeRoutes);
  app.use(errorHandler(deps.log));
  return app;
}

function noCacheForIndex(res: express.Response, path: string): void {
  if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
}

/** Every error becomes `{ error, code, details? }` with the code's status. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toPatchbayError(err);
    if (known.status >= 500) log.error({ err, url: req.originalUrl }, 'request failed');
    const body: ErrorResponse = { error: known.message, code: known.code };
    if (known.code === 'FLOWS_INVALID') body.errors = known.details as ErrorResponse['errors'];
    else if (known.details !== undefined) body.details = known.details;
    // Only the flows use cases record incidents, and their details are not otherwise sent.
    if (known.incidents.length) body.details = { incidents: known.incidents };
    // A rate-limited request says when to try again (RFC 9110 section 10.2.3).
    if (isPlainObject(known.details) && typeof known.details.retryAfter === 'number') res.setHeader('Retry-After', String(known.details.retryAfter));
    res.status(known.status).json(body);
  };
}

function toPatchbayError(err: unknown): PatchbayError {
  if (err instanceof PatchbayError) return err;
  const e = err as { type?: string; limit?: number; status?: unknown; message?: string };
  if (e.type === 'entity.too.large') return fail('HTTP_BODY_TOO_LARGE', e.limit);
  // Other client errors from Express and body-parser (http-errors): an unknown content
  // encoding, a body that doesn't inflate, a URL parameter that doesn't decode.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return fail(e.status === 415 ? 'HTTP_BODY_UNSUPPORTED' : 'HTTP_BAD_REQUEST', e.message ?? String(err));
  }
  return fail('HTTP_INTERNAL', e.message ?? String(err));
}

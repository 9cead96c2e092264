// The REST client, typed by the shared contract. Every failure becomes an ApiError with the
// server's code, so callers can tell a conflict from an invalid document from a dead server.
import type {
  DeployRequest, DeployResponse, ErrorResponse, FlowError, FlowsResponse, HealthResponse, ImportResponse, NodeCatalogue,
} from '../../../server/api/contract.ts';
import { errorMessage } from '../../../server/api/shared.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code (`FLOWS_REV_CONFLICT`), or `NETWORK` / `HTTP_<status>`. */
    readonly code: string,
    message: string,
    readonly body?: ErrorResponse,
  ) {
    super(message);
  }
}

export type DeployOutcome =
  | { kind: 'deployed'; rev: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string; errors: FlowError[] };

export interface RestClient {
  health(): Promise<HealthResponse>;
  nodes(): Promise<NodeCatalogue>;
  flows(): Promise<FlowsResponse>;
  /** Deploys `doc` if the server is still at `rev`; conflicts and invalid documents are outcomes, not throws. */
  deploy(doc: DeployRequest, rev: string | null): Promise<DeployOutcome>;
  /** Presses the button of an inject-like node, or sets a switch on one (`{ active: false }`). */
  trigger(nodeId: string, input?: Record<string, unknown>): Promise<void>;
  /** Converts a Node-RED flow file (parsed JSON) on the server; deploys nothing. */
  importNodeRed(flows: unknown): Promise<ImportResponse>;
}

/**
 * One API request, JSON in and out. A failure becomes an ApiError with the server's code (or
 * NETWORK when the server could not be reached).
 *
 * @example
 * ```ts
 * const me = await apiCall<MeResponse>('GET', '/api/auth/me');
 * ```
 */
export async function apiCall<T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; base?: string } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${init.base ?? ''}${path}`, {
      method,
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `Cannot reach the Patchbay server (${errorMessage(err)})`);
  }
  const text = await response.text();
  const body = text ? parseBody(text) : undefined;
  if (!response.ok) {
    const error = (body ?? {}) as Partial<ErrorResponse> & { message?: string };
    const message = error.error ?? error.message ?? `${method} ${path} failed with HTTP ${response.status}`;
    throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, message, error as ErrorResponse);
  }
  return body as T;
}

/**
 * A client for the Patchbay API at `base` (same origin by default).
 *
 * @example
 * ```ts
 * const rest = createRestClient();
 * const { rev, flows, nodes } = await rest.flows();
 * ```
 */
export function createRestClient(base = ''): RestClient {
  const call = <T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) => apiCall<T>(method, path, { ...init, base });
  return {
    health: () => call<HealthResponse>('GET', '/api/health'),
    nodes: () => call<NodeCatalogue>('GET', '/api/nodes'),
    flows: () => call<FlowsResponse>('GET', '/api/flows'),
    async deploy(doc, rev) {
      try {
        const result = await call<DeployResponse>('PUT', '/api/flows', { body: doc, headers: rev ? { 'if-match': rev } : {} });
        return { kind: 'deployed', rev: result.rev };
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.status === 409) return { kind: 'conflict', message: err.message };
        if (err.status === 400 && Array.isArray(err.body?.errors)) return { kind: 'invalid', message: err.message, errors: err.body.errors };
        throw err;
      }
    },
    async trigger(nodeId, input) {
      await call<unknown>('POST', `/api/nodes/${encodeURIComponent(nodeId)}/trigger`, input ? { body: input } : {});
    },
    importNodeRed: (flows) => call<ImportResponse>('POST', '/api/flows/import?from=node-red', { body: flows }),
  };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page is not JSON; keep its text as the message.
    return { error: text.slice(0, 200) };
  }
}

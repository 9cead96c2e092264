// HTTP: http in, http response and http request.
import type { NodeMapping } from '../mapper.ts';
import { flag, isRecord, text } from '../values.ts';

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

const httpIn: NodeMapping = {
  nodeRed: 'http in',
  patchbay: 'http-in',
  toPatchbay(nr, ctx) {
    const method = text(nr.method, 'get');
    if (!METHODS.includes(method)) ctx.note(`method "${method}" is not served; GET is used`);
    if (flag(nr.upload)) ctx.note('file uploads (multipart) are not parsed');
    if (text(nr.swaggerDoc)) ctx.note('the swagger document is not kept');
    ctx.note('a request nobody answers gets a 504 after 120 s (Node-RED waits forever)');
    return { config: { method: METHODS.includes(method) ? method : 'get', url: text(nr.url) } };
  },
  toNodeRed: ({ config }) => ({ url: config.url, method: config.method, upload: false, swaggerDoc: '' }),
};

const httpResponse: NodeMapping = {
  nodeRed: 'http response',
  patchbay: 'http-response',
  toPatchbay(nr, ctx) {
    const code = text(nr.statusCode).trim();
    const status = code === '' ? '' : Number(code);
    if (status !== '' && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
      ctx.note(`status code "${code}" is not one Patchbay sends; msg.statusCode is used`);
      return { config: { statusCode: '', headers: headers(nr.headers) } };
    }
    return { config: { statusCode: status, headers: headers(nr.headers) } };
  },
  toNodeRed: ({ config }) => ({ statusCode: String(config.statusCode ?? ''), headers: config.headers ?? {} }),
};

function headers(value: unknown): Record<string, string> {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)])) : {};
}

/** Node-RED 2.1+ keeps request headers as a list of { keyType, keyValue, valueType, valueValue }. */
function requestHeaders(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return headers(value);
  const out: Record<string, string> = {};
  for (const h of value.filter(isRecord)) {
    const name = h.keyType === 'other' ? text(h.keyValue) : text(h.keyType);
    const v = h.valueType === 'other' ? text(h.valueValue) : text(h.valueType);
    if (name) out[name] = v;
  }
  return out;
}

const RETURNS = ['txt', 'bin', 'obj'];

const httpRequest: NodeMapping = {
  nodeRed: 'http request',
  patchbay: 'http-request',
  toPatchbay(nr, ctx) {
    let authType = text(nr.authType);
    if (authType === '' && flag(nr.useAuth)) authType = 'basic';
    if (authType === 'digest') {
      ctx.note('digest authentication is not available; basic is used');
      authType = 'basic';
    }
    if (text(nr.tls)) ctx.note('the TLS configuration is not used: the system CAs verify the server');
    if (flag(nr.useProxy) || text(nr.proxy)) ctx.note('the proxy is not used');
    if (flag(nr.persist)) ctx.note('connections are not kept alive between requests');
    const paytoqs = nr.paytoqs === true ? 'query' : ['query', 'body'].includes(text(nr.paytoqs)) ? text(nr.paytoqs) : 'ignore';
    const creds = isRecord(nr.credentials) ? nr.credentials : {};
    const credentials: Record<string, string> = {};
    if (text(creds.user)) credentials.user = text(creds.user);
    if (text(creds.password)) credentials[authType === 'bearer' ? 'token' : 'password'] = text(creds.password);
    return {
      config: {
        method: text(nr.method, 'GET'),
        url: text(nr.url),
        paytoqs,
        ret: RETURNS.includes(text(nr.ret)) ? text(nr.ret) : 'txt',
        headers: requestHeaders(nr.headers),
        authType,
        senderr: flag(nr.senderr),
      },
      credentials,
    };
  },
  toNodeRed: ({ config }) => ({
    method: config.method, ret: config.ret, paytoqs: config.paytoqs, url: config.url, tls: '', persist: false, proxy: '',
    insecureHTTPParser: false, authType: config.authType, senderr: config.senderr === true,
    headers: Object.entries(isRecord(config.headers) ? config.headers : {}).map(([k, v]) => ({ keyType: 'other', keyValue: k, valueType: 'other', valueValue: v })),
  }),
};

export const httpMappings: NodeMapping[] = [httpIn, httpResponse, httpRequest];

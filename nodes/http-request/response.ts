// Writes a response into the message: payload (as text, a Buffer or parsed JSON), statusCode,
// headers, responseUrl and responseCookies, as Node-RED's http request node does.
import type { Message } from '#node-api';
import { responseCookies } from './cookies.ts';
import { type HeaderMap, markedHeaders } from './headers.ts';
import type { ReceivedResponse } from './transport.ts';

export type ReturnType = 'txt' | 'bin' | 'obj';

/** Fills `msg` in place; returns a warning when `obj` was asked for and the body is not JSON. */
export function applyResponse(msg: Message, res: ReceivedResponse, ret: ReturnType): string | undefined {
  msg.statusCode = res.status;
  msg.headers = markedHeaders(headerMap(res.headers));
  msg.responseUrl = res.url;
  const cookies = res.headers.getSetCookie();
  if (cookies.length) msg.responseCookies = responseCookies(cookies);
  else delete msg.responseCookies; // not the cookies of an earlier request
  if (ret === 'bin') {
    msg.payload = res.body;
    return undefined;
  }
  const text = res.body.toString('utf8');
  msg.payload = text;
  if (ret !== 'obj') return undefined;
  // An empty body (204, HEAD) is an empty object rather than a parse error.
  if (text.trim() === '') msg.payload = {};
  else {
    try {
      msg.payload = JSON.parse(text);
    } catch {
      return 'The response is not JSON: msg.payload is the text';
    }
  }
  return undefined;
}

/** Header names in lower case; set-cookie as a list, as Node's own HTTP client gives it. */
function headerMap(headers: Headers): HeaderMap {
  const map: HeaderMap = {};
  for (const [name, value] of headers) if (name !== 'set-cookie') map[name] = value;
  const cookies = headers.getSetCookie();
  if (cookies.length) map['set-cookie'] = cookies;
  return map;
}

// One request waiting for its answer from a flow. It ends exactly once: answered through its
// HttpReply, timed out (504), refused because its route went away (503), or abandoned by the
// client. Then it lets go of the response object, so a message kept somewhere (context, a
// delay node) does not keep the socket alive.
import type { CookieOptions, Response } from 'express';
import { HttpReply, type HttpCookie, type HttpResponse } from '../node-api/index.ts';

export class PendingRequest {
  readonly reply = new HttpReply((response) => this.answer(response));
  private res: Response | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(res: Response, timeoutMs: number, onTimeout: () => void, private readonly onEnd: () => void) {
    this.res = res;
    this.timer = setTimeout(() => {
      onTimeout();
      this.refuse(504, `No response within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    res.once('close', () => this.end());
  }

  /** Answers with a plain-text error, unless the request was answered already. */
  refuse(statusCode: number, message: string): void {
    const res = this.res;
    if (res && !res.headersSent) res.status(statusCode).type('text').send(message);
    this.end();
  }

  private answer(response: HttpResponse): boolean {
    const res = this.res;
    if (!res || res.headersSent) return false;
    try {
      checkStatus(response.statusCode);
      write(res, response);
    } catch (err) {
      // A bad status or header value: the client must still get an answer.
      if (!res.headersSent) res.status(500).type('text').send('Invalid response from the flow');
      throw err;
    } finally {
      this.end();
    }
    return true;
  }

  private end(): void {
    if (!this.res) return;
    this.res = undefined;
    clearTimeout(this.timer);
    this.onEnd();
  }
}

/**
 * Only a final status may answer: a 1xx is interim [RFC 9110 §15.2], so the client would keep
 * waiting for the real response; Node sends anything from 100 to 999 without complaint.
 */
function checkStatus(statusCode: number): void {
  if (!Number.isInteger(statusCode) || statusCode < 200 || statusCode > 599) {
    throw new RangeError(`Status code ${statusCode} is not a final HTTP status (200-599)`);
  }
}

function write(res: Response, response: HttpResponse): void {
  res.status(response.statusCode);
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, typeof value === 'number' ? String(value) : value);
  for (const [name, cookie] of Object.entries(response.cookies ?? {})) setCookie(res, name, cookie);
  if (response.body === undefined) res.end();
  else res.send(response.body);
}

function setCookie(res: Response, name: string, cookie: string | HttpCookie | null): void {
  if (cookie === null) {
    res.clearCookie(name);
    return;
  }
  if (typeof cookie !== 'object') {
    res.cookie(name, String(cookie));
    return;
  }
  const { value, expires, ...rest } = cookie;
  // Messages carry dates as strings or numbers once they went through JSON.
  const options: CookieOptions = expires === undefined ? rest : { ...rest, expires: new Date(expires) };
  if (value === null) res.clearCookie(name, options);
  else res.cookie(name, String(value), options);
}

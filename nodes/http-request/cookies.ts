// Cookies of the http-request node: msg.cookies into the Cookie header, Set-Cookie headers
// into msg.responseCookies (Node-RED's shapes).

/**
 * The Cookie header for msg.cookies (name → value, or → { value, encode }) after the
 * cookies `existing` already carries. Values are URI-encoded unless `encode` is false;
 * null values (which delete cookies in http-response) are skipped.
 */
export function cookieHeader(existing: string | null, cookies: unknown): string | null {
  if (typeof cookies !== 'object' || cookies === null) return existing;
  const parts = existing ? [existing] : [];
  for (const [name, cookie] of Object.entries(cookies)) {
    if (cookie === null || cookie === undefined) continue;
    if (typeof cookie !== 'object') {
      parts.push(`${name}=${encodeURIComponent(String(cookie))}`);
      continue;
    }
    const { value, encode } = cookie as { value?: unknown; encode?: unknown };
    if (value === null || value === undefined) continue;
    parts.push(`${name}=${encode === false ? String(value) : encodeURIComponent(String(value))}`);
  }
  return parts.length ? parts.join('; ') : null;
}

/** `a=1; Path=/; HttpOnly` → `{ a: { value: '1', Path: '/', HttpOnly: true } }`, one entry per Set-Cookie header. */
export function responseCookies(setCookies: string[]): Record<string, Record<string, string | true>> {
  const cookies = new Map<string, Record<string, string | true>>();
  for (const line of setCookies) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const cookie: Record<string, string | true> = { value: decode(pair.slice(eq + 1).trim()) };
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      if (at < 0) cookie[attribute.trim()] = true;
      else cookie[attribute.slice(0, at).trim()] = attribute.slice(at + 1).trim();
    }
    cookies.set(pair.slice(0, eq).trim(), cookie);
  }
  return Object.fromEntries(cookies); // own properties even for a name like "__proto__"
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all: keep it as sent
  }
}

// Node-RED style property paths: `payload.a.b`, `payload["a b"][0]`.

/** Splits `a.b["c d"][0]` into `["a", "b", "c d", 0]`; throws on a malformed path. */
export function parsePath(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[(["'])((?:\\.|(?!\3).)*)\3\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  if (path === '') throw new Error('Empty property path');
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[1] !== undefined) {
      if (!expectName) throw new Error(`Invalid property path "${path}"`);
      parts.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[4] !== undefined) parts.push(m[4].replace(/\\(.)/g, '$1'));
    else {
      if (expectName) throw new Error(`Invalid property path "${path}"`);
      expectName = true;
    }
  }
  if (re.lastIndex !== path.length || expectName) throw new Error(`Invalid property path "${path}"`);
  return parts;
}

/** Reads a property; `undefined` when any step is missing. */
export function getProperty(target: unknown, path: string): unknown {
  let value: any = target;
  for (const key of parsePath(path)) {
    if (value === null || value === undefined) return undefined;
    value = value[key];
  }
  return value;
}

/** Writes a property, creating objects (or arrays, for numeric steps) on the way. */
export function setProperty(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = parsePath(path);
  let obj: any = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    if (obj[key] === null || typeof obj[key] !== 'object') obj[key] = typeof parts[i + 1] === 'number' ? [] : {};
    obj = obj[key];
  }
  obj[parts[parts.length - 1]!] = value;
}

/** Deletes a property; a missing path is not an error. */
export function deleteProperty(target: Record<string, unknown>, path: string): void {
  const parts = parsePath(path);
  let obj: any = target;
  for (let i = 0; i < parts.length - 1; i++) {
    obj = obj?.[parts[i]!];
    if (obj === null || typeof obj !== 'object') return;
  }
  delete obj[parts[parts.length - 1]!];
}

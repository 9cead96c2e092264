// The csv node's column template: "a,b,,d" names the columns (an empty name skips one).

/** Column names from a template; quotes around a name are removed, as Node-RED does. */
export function templateColumns(template: string, sep = ','): string[] {
  if (template.trim() === '') return [];
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of template.trim()) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** msg.columns as Node-RED writes it: names joined by commas, a name holding a comma quoted. */
export function columnsText(columns: readonly string[]): string {
  return columns.filter((c) => c !== '').map((c) => (c.includes(',') ? `"${c}"` : c)).join(',');
}

/** Unescapes the \t, \n, \r Node-RED's form stores separators and line ends as. */
export function unescape(text: string): string {
  return text.replace(/\\t/g, '\t').replace(/\\n/g, '\n').replace(/\\r/g, '\r');
}

// Objects or arrays → CSV text (csv-stringify): a field holding the separator, a quote or a
// line break is quoted, quotes doubled (RFC 4180); each row ends with the configured line end.
import { stringify } from 'csv-stringify/sync';

export interface WriteOptions {
  sep: string;
  lineEnd: string;
  /** The header row, when one is written for this message. */
  header?: string[];
  columns: string[];
}

export function writeCsv(payload: unknown[], options: WriteOptions): string {
  const rows: unknown[][] = [];
  if (options.header) rows.push(options.header);
  for (const item of payload) {
    if (Array.isArray(item)) rows.push(item.map(cell));
    else if (item !== null && typeof item === 'object') rows.push(options.columns.map((c) => (c === '' ? '' : cell((item as Record<string, unknown>)[c]))));
    else rows.push([cell(item)]);
  }
  if (rows.length === 0) return '';
  return stringify(rows, { delimiter: options.sep, record_delimiter: options.lineEnd, eof: true });
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

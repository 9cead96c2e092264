// CSV text → row objects, RFC 4180 (csv-parse), with Node-RED's conversions: numbers parsed
// unless told not to, empty fields left out unless asked for, columns named by the template,
// the first row or col1, col2, ...
import { parse } from 'csv-parse/sync';
import { NodeRuntimeError, errorMessage } from '#node-api';

export interface ParseOptions {
  sep: string;
  columns: string[];
  headerRow: boolean;
  skip: number;
  parseNumbers: boolean;
  includeEmpty: boolean;
  includeNull: boolean;
}

/** Node-RED's test for a number: optional sign, digits with an optional point and exponent, no leading zero. */
const NUMBER = /^[-]?(?!E)(?!0\d)\d*\.?\d*(E-?\+?)?\d+$/i;

/** A field: its text, and whether it was quoted ("" is an empty string, nothing is null). */
interface Field {
  text: string;
  quoted: boolean;
}

export function parseCsv(text: string, options: ParseOptions): { rows: Array<Record<string, unknown>>; columns: string[] } {
  let records: Field[][];
  try {
    records = parse(text, {
      delimiter: options.sep,
      relax_column_count: true,
      skip_empty_lines: true,
      from_line: options.skip + 1,
      cast: (value: string, context: { quoting: boolean }) => ({ text: value, quoted: context.quoting }),
    }) as unknown as Field[][];
  } catch (err) {
    throw new NodeRuntimeError(errorMessage(err), 'CSV_PARSE_FAILED');
  }
  let columns = options.columns;
  if (options.headerRow && records.length > 0) columns = records.shift()!.map((f) => f.text.trim());
  const rows = records.map((record) => rowOf(record, columns, options)).filter((row) => Object.keys(row).length > 0);
  const named = columns.length ? columns : Array.from({ length: Math.max(0, ...records.map((r) => r.length)) }, (_, i) => `col${i + 1}`);
  return { rows, columns: named };
}

function rowOf(record: Field[], columns: string[], options: ParseOptions): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  record.forEach((field, i) => {
    const name = columns.length ? columns[i] : `col${i + 1}`;
    if (!name) return; // a column the template leaves unnamed is skipped
    const value = valueOf(field, options.parseNumbers);
    if (value === null && !options.includeNull) return;
    if (value === '' && !options.includeEmpty) return;
    row[name] = value;
  });
  return row;
}

function valueOf({ text, quoted }: Field, parseNumbers: boolean): unknown {
  if (text === '') return quoted ? '' : null;
  return parseNumbers && !quoted && NUMBER.test(text) ? Number.parseFloat(text) : text;
}

// The import report as text, for the command line.
import type { ImportReport } from './types.ts';

/**
 * A summary line, then one line per approximated or unsupported node with its notes.
 *
 * @example
 * ```ts
 * console.error(describeReport(result.report));
 * ```
 */
export function describeReport(report: ImportReport): string {
  const lines = [`${report.mapped} mapped, ${report.approximated} approximated, ${report.unsupported} unsupported`];
  for (const node of report.nodes) {
    if (node.outcome === 'mapped') continue;
    const label = `${node.outcome}: ${node.type} "${node.name ?? node.id}" (${node.id})`;
    lines.push(node.notes.length ? `${label}: ${node.notes.join('; ')}` : label);
  }
  if (report.credentials) lines.push(`credentials of ${report.credentials} node(s) found`);
  return lines.join('\n');
}

// The side-by-side table: per row, the median of the rounds with min–max for each system, and
// Patchbay's median over Node-RED's.

export type System = 'patchbay' | 'nodeRed';

export interface Row {
  key: string;
  label: string;
  unit: string;
  /** Figures for which less is better (CPU, latency, memory, time): the table says so. */
  lowerIsBetter: boolean;
  /** The goal for Patchbay, as written there. */
  goal: string;
}

/** Figures of every round: samples[row][system] = one number per round. */
export type Samples = Record<string, Partial<Record<System, number[]>>>;

export function record(samples: Samples, key: string, system: System, value: number): void {
  ((samples[key] ??= {})[system] ??= []).push(value);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function format(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cell(values: number[] | undefined): string {
  if (!values?.length) return '—';
  if (values.length === 1) return format(values[0]!);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

/** A markdown table, ready for the README. */
export function table(rows: Row[], samples: Samples, columns: Record<System, string>): string {
  const lines = [
    `| work | unit | Patchbay: ${columns.patchbay} | Node-RED: ${columns.nodeRed} | Patchbay / Node-RED | goal |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const figures = samples[row.key];
    if (!figures) continue;
    const { patchbay, nodeRed } = figures;
    const ratio = patchbay?.length && nodeRed?.length ? `${(median(patchbay) / median(nodeRed)).toFixed(2)}×` : '—';
    lines.push(`| ${row.label} | ${row.unit}${row.lowerIsBetter ? ' ↓' : ' ↑'} | ${cell(patchbay)} | ${cell(nodeRed)} | ${ratio} | ${row.goal} |`);
  }
  return lines.join('\n');
}

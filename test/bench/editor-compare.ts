import type { System } from './report.ts';
export async function measureEditor(_system: System, _count: number): Promise<Record<string, number>> {
  return {};
}

// The examples browser's source: Patchbay's examples/ and the examples/ folder of each loaded
// node package, one folder per example with a flow.json and a README.md.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExampleInfo } from './contract.ts';
import type { Registry } from '../runtime/registry.ts';
import { checkFlowDocument } from '../runtime/flow-document.ts';
import { INSTALL_DIR } from '../install-dir.ts';

const PATCHBAY_EXAMPLES = join(INSTALL_DIR, 'examples');

/** Every example: Patchbay's first, then each installed package's. One that doesn't parse is left out. */
export async function listExamples(registry: Registry): Promise<ExampleInfo[]> {
  const sources = [
    { source: 'patchbay', dir: PATCHBAY_EXAMPLES },
    ...registry.packages().filter((p) => p.source !== 'core' && !p.error).map((p) => ({ source: p.name, dir: join(p.dir, 'examples') })),
  ];
  const examples: ExampleInfo[] = [];
  for (const { source, dir } of sources) {
    if (!existsSync(dir)) continue;
    for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const example = await readExample(join(dir, entry.name), `${source}/${entry.name}`, source);
      if (example) examples.push(example);
    }
  }
  return examples;
}

async function readExample(dir: string, id: string, source: string): Promise<ExampleInfo | undefined> {
  const flowFile = join(dir, 'flow.json');
  if (!existsSync(flowFile)) return undefined;
  const check = checkFlowDocument(JSON.parse(await readFile(flowFile, 'utf8')));
  if (!check.ok) return undefined;
  const readme = await readFile(join(dir, 'README.md'), 'utf8').catch(() => '');
  const title = /^#\s+(.+)$/m.exec(readme)?.[1]?.trim() ?? id;
  return { id, title, source, readme, flow: check.doc };
}

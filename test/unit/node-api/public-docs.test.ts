// The node API is public (STYLE R18): every export a node author can reach through
// `#node-api` / `patchbay/node-api` has TSDoc with an @example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const apiDir = fileURLToPath(new URL('../../../server/node-api/', import.meta.url));

/** The names index.ts re-exports from each of its modules (`export *` means all of them). */
function reexports(): Map<string, Set<string> | 'all'> {
  const index = ts.createSourceFile('index.ts', readFileSync(join(apiDir, 'index.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Map<string, Set<string> | 'all'>();
  for (const statement of index.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const spec = statement.moduleSpecifier.text;
    if (!spec.startsWith('./')) continue; // third-party re-exports (TypeBox) are documented upstream
    const clause = statement.exportClause;
    if (!clause || !ts.isNamedExports(clause)) found.set(spec, 'all');
    else {
      const names = found.get(spec);
      const set = names instanceof Set ? names : new Set<string>();
      for (const element of clause.elements) set.add((element.propertyName ?? element.name).text);
      found.set(spec, set);
    }
  }
  return found;
}

/** Exported declarations of a module whose TSDoc has no @example. */
function undocumented(file: string, wanted: Set<string> | 'all'): string[] {
  const path = join(apiDir, file);
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const missing: string[] = [];
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) {
      // `export { x } from './y.ts'` inside a module: documented where it is defined.
      continue;
    }
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((d) => d.name.getText(source))
      : [(statement as ts.DeclarationStatement).name?.getText(source) ?? '?'];
    const docs = ts.getJSDocCommentsAndTags(statement).map((d) => d.getText(source)).join('\n');
    for (const name of names) {
      if (wanted !== 'all' && !wanted.has(name)) continue;
      if (!/@example/.test(docs)) missing.push(`${file}: ${name}`);
    }
  }
  return missing;
}

test('every public export of the node API has TSDoc with an @example', () => {
  const missing = [...reexports()].flatMap(([spec, names]) => undocumented(join(dirname(spec), spec.slice(2)), names));
  assert.deepEqual(missing, []);
});

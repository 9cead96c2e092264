// Parsing user code with acorn, once per deploy: syntax errors become deploy errors on the
// node, and the tree drives the loop instrumentation and the async decision.
import { parse, type AnyNode, type Program } from 'acorn';
import { NodeConfigError } from '#node-api';

/**
 * Parses code as the body of a function (a top-level `return` or `await` is allowed there).
 * A syntax error throws a NodeConfigError on `configPath` naming the line and column.
 */
export function parseUserCode(source: string, configPath: string): Program {
  try {
    return parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      locations: true,
    });
  } catch (err) {
    const loc = (err as { loc?: { line: number; column: number } }).loc;
    if (!(err instanceof SyntaxError) || !loc) throw err;
    const reason = err.message.replace(/ \(\d+:\d+\)$/, '');
    throw new NodeConfigError(`Syntax error: ${reason} (line ${loc.line}, col ${loc.column + 1})`, configPath);
  }
}

/** Calls `visit` on every node of the tree, parents first; `visit` returns false to skip a subtree. */
export function walk(node: AnyNode, visit: (node: AnyNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit);
    } else if (isNode(value)) walk(value, visit);
  }
}

function isNode(value: unknown): value is AnyNode {
  // `loc` and regex literal details are objects too, but only tree nodes have a string `type`.
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export type FunctionNode = Extract<AnyNode, { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' }>;

export function isFunction(node: AnyNode): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** Whether the code awaits outside any function of its own, so its wrapper must be async. */
export function usesTopLevelAwait(program: Program): boolean {
  let found = false;
  walk(program, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) found = true;
  });
  return found;
}

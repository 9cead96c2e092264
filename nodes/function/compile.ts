// Turns one piece of user code (On Message, On Start or On Stop) into a function that runs in
// the node's vm context, with its loops instrumented. Compiled once per deploy: each message
// is then a plain function call, with no vm entry cost.
import vm from 'node:vm';
import { errorMessage, NodeConfigError } from '#node-api';
import { parseUserCode, usesTopLevelAwait } from './ast.ts';
import { GUARD_PARAM, instrumentLoops, type LoopGuard, type UserFunction } from './loop-guard.ts';

export interface CodePart {
  /** Which config key the code comes from; names its file in stack traces. */
  name: 'code' | 'initialize' | 'finalize';
  /** The config key, for deploy errors. */
  configPath: string;
  /** The parameters user code sees, e.g. `msg`, `node`. */
  params: string[];
  /** Compile as an async function even when the code has no top-level await (On Start). */
  alwaysAsync?: boolean;
}

export interface CompiledCode {
  fn: UserFunction;
  /** The topmost frame of this code in a stack trace: its place in the user's code, and where it is in `stack`. */
  locate(stack: string): { line: number; column: number; index: number } | undefined;
  part: CodePart;
}

export function compileUserCode(source: string, part: CodePart, nodeId: string, context: vm.Context, guard: LoopGuard["check"]): CompiledCode {
  const program = parseUserCode(source, part.configPath);
  const instrumented = instrumentLoops(source, program);
  const isAsync = part.alwaysAsync || usesTopLevelAwait(program);
  const filename = `function-node/${nodeId}/${part.name}.js`;
  // The wrapper sits on line 0 (lineOffset -1), so V8 numbers lines as the user wrote them. The
  // guard is a closure variable: a vm context's globals go through interceptors, which are slow.
  const wrapper = `(function (${GUARD_PARAM}) { return ${isAsync ? 'async ' : ''}function (${part.params.join(', ')}) {\n${instrumented.code}\n}; })`;
  let factory: (guard: LoopGuard["check"]) => UserFunction;
  try {
    factory = new vm.Script(wrapper, { filename, lineOffset: -1 }).runInContext(context);
  } catch (err) {
    // Acorn accepted it but V8 does not, e.g. `let msg` redeclaring a parameter.
    const line = new RegExp(`${escapeRegExp(filename)}:(\\d+)`).exec(String((err as Error).stack))?.[1];
    throw new NodeConfigError(`Syntax error: ${errorMessage(err)}${line ? ` (line ${line})` : ''}`, part.configPath);
  }
  const frame = new RegExp(`${escapeRegExp(filename)}:(\\d+):(\\d+)`);
  return {
    fn: factory(guard),
    part,
    locate(stack) {
      const match = frame.exec(stack);
      if (!match) return undefined;
      return { ...instrumented.originalPosition(Number(match[1]), Number(match[2])), index: match.index };
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

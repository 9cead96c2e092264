// Turns what user code threw into something the runtime can report, naming where in the
// user's code a ReferenceError happened, as Node-RED does: "ReferenceError: x is not defined (line 3, col 7)".
import { NodeRuntimeError } from '#node-api';
import type { CompiledCode } from './compile.ts';
import { LoopTimeoutError } from './loop-guard.ts';

const PART_LABELS: Record<CompiledCode['part']['name'], string> = { code: '', initialize: 'On Start, ', finalize: 'On Stop, ' };

export class UserErrors {
  private readonly parts: CompiledCode[] = [];

  add(code: CompiledCode): void {
    this.parts.push(code);
  }

  /**
   * Errors, whichever realm made them, become host errors (the runtime only reads the message of
   * its own realm's Errors) with the position of the first frame in user code, and the code the
   * user's error carries, else FUNCTION_THREW. Strings and other thrown values are reported as
   * they are, as Node-RED does.
   */
  readonly describe = (thrown: unknown): unknown => {
    if (thrown instanceof LoopTimeoutError || !isError(thrown)) return thrown;
    // Node-RED names the place only for a ReferenceError (a mistyped name); other errors read as err.toString().
    const where = thrown.name === 'ReferenceError' ? this.where(String(thrown.stack)) : undefined;
    const own = (thrown as { code?: unknown }).code;
    const code = typeof own === 'string' && own !== '' ? own : 'FUNCTION_THREW';
    const error = new NodeRuntimeError(`${thrown.name}: ${thrown.message}${where ? ` (${where})` : ''}`, code);
    error.stack = thrown.stack;
    return error;
  };

  private where(stack: string): string | undefined {
    let found: { label: string; line: number; column: number; index: number } | undefined;
    for (const code of this.parts) {
      const position = code.locate(stack);
      if (position && (!found || position.index < found.index)) found = { label: PART_LABELS[code.part.name], ...position };
    }
    return found && `${found.label}line ${found.line}, col ${found.column}`;
  }
}

/** True for Errors from any realm: user code runs in its own vm context. */
function isError(value: unknown): value is Error {
  return Object.prototype.toString.call(value) === '[object Error]';
}

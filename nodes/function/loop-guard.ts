// Stops runaway loops in user code. A vm `timeout` would cost tens of microseconds on every
// message, so instead every loop body of the user's code starts with a check, inserted at
// deploy. The check counts iterations in a local variable of the enclosing function and calls
// the guard only every CHECK_EVERY-th time; the guard reads the clock against a deadline. A
// common iteration thus costs an increment and a compare on a register: a call into the host
// on every iteration, or a counter shared through a closure, would make a tight loop several
// times slower.
import MagicString from 'magic-string';
import type { AnyNode, Program, Statement } from 'acorn';
import { isFunction, walk } from './ast.ts';

const CHECK_EVERY = 1024;

/** The name the checks call the guard by; the code's wrapper has it as a parameter. */
export const GUARD_PARAM = '__patchbayLoopGuard__';
/** Locals each instrumented function declares: its iteration count and its Frame. */
const COUNTER = '__patchbayLoops__';
const FRAME = '__patchbayFrame__';

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

type Loop = Extract<AnyNode, { type: 'ForStatement' | 'ForInStatement' | 'ForOfStatement' | 'WhileStatement' | 'DoWhileStatement' }>;

export interface InstrumentedCode {
  code: string;
  /** Maps a 1-based line and column of `code` back to the same place in the source. */
  originalPosition(line: number, column: number): { line: number; column: number };
}

/**
 * Inserts the check at the start of every loop body (braces are added around a body that is a
 * single statement), and declares the locals in each function that has loops of its own, and
 * at the top level. Only text is inserted, never newlines, so lines keep their numbers.
 *
 * A function's counter starts at zero on each call: a loop of under CHECK_EVERY iterations in a
 * function called over and over by something other than a loop of the user's code (a host
 * iteration like Array.prototype.forEach) is not checked. Any loop of the user's around it is.
 */
export function instrumentLoops(source: string, program: Program): InstrumentedCode {
  const out = new MagicString(source);
  // If the guard throws, the counter is not reset: it stays high, so the next iteration calls the
  // guard again, which throws again.
  const check = (line: number) => `if (++${COUNTER} >= ${CHECK_EVERY}) { ${FRAME} = ${GUARD_PARAM}(${line}, ${FRAME}); ${COUNTER} = 0; }`;
  const instrumentScope = (scope: AnyNode, statements: Statement[], start: number) => {
    let hasLoops = false;
    walk(scope, (node) => {
      if (node !== scope && isFunction(node)) {
        // An arrow with an expression body has no loops of its own; functions inside it are found
        // by walking on.
        if (node.body.type !== 'BlockStatement') return;
        instrumentScope(node, node.body.body, node.body.start + 1);
        return false;
      }
      if (!LOOPS.has(node.type)) return;
      hasLoops = true;
      const { body, loc } = node as Loop;
      if (body.type === 'BlockStatement') {
        out.appendLeft(body.start + 1, check(loc!.start.line));
      } else {
        out.appendLeft(body.start, `{${check(loc!.start.line)}`);
        out.appendRight(body.end, '}');
      }
    });
    // After any "use strict"-style directives, which must stay first; the leading ';' ends a
    // directive written without one.
    if (hasLoops) out.appendLeft(afterDirectives(statements, start), `;let ${COUNTER} = 0, ${FRAME};`);
  };
  instrumentScope(program, program.body as Statement[], 0);
  const { mappings } = out.generateDecodedMap();
  return {
    code: out.toString(),
    originalPosition(line, column) {
      // Segments are [generatedColumn, source, originalLine, originalColumn], all 0-based; inside
      // a segment the text is the source's own, so the offset from its start carries over.
      const segments = mappings[line - 1] ?? [];
      let best: readonly number[] | undefined;
      for (const segment of segments) if (segment[0]! <= column - 1) best = segment;
      if (!best || best.length < 4) return { line, column };
      return { line: best[2]! + 1, column: best[3]! + (column - 1 - best[0]!) + 1 };
    },
  };
}

function afterDirectives(statements: Statement[], start: number): number {
  let end = start;
  for (const statement of statements) {
    if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') break;
    end = statement.end;
  }
  return end;
}

/** Thrown into user code when it runs past its time; the node reports it as the run's error. */
export class LoopTimeoutError extends Error {
  override name = 'LoopTimeoutError';
  readonly code = 'FUNCTION_TIMEOUT';
  constructor(readonly timeoutMs: number, readonly line: number) {
    super(`Stopped after running for more than ${timeoutMs / 1000} s (in the loop at line ${line})`);
  }
}

/** What a guarded synchronous run produced. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A compiled piece of user code, or a callback it handed to us. */
export type UserFunction = (...args: unknown[]) => unknown;

/**
 * What the guard knows about one function call of user code: its deadline, and whether it ran
 * past it. Created at the call's first check, and again whenever something may have run in
 * between (see `epoch`).
 */
export interface Frame {
  deadline: number;
  epoch: number;
  tripped?: LoopTimeoutError;
}

/**
 * One per function node. `check` is what the instrumented loops call every CHECK_EVERY
 * iterations; it returns the calling function's Frame, which the function keeps in a local.
 *
 * Inside a run (an input, a timer callback, On Start, On Stop: `run`) every frame has the run's
 * deadline. Once a frame is past it, `check` throws, and the loops call it on every iteration,
 * until the run returns: a try/catch inside a loop may catch the error, but the next iteration
 * of any loop (including the one around the try) throws again, so control can only leave. The
 * run is reported as timed out even if the code caught the error.
 *
 * Code that runs after an `await` is outside any run. A frame there gets its own deadline at
 * its first check, kept as long as nothing else runs: no other run, no turn of the event loop.
 * So a loop that never yields, or one that only awaits promises that are already resolved, is
 * stopped, while many messages' continuations running back to back each get their own time.
 * A frame that timed out stays timed out, so an async loop that swallows the error dies at its
 * next iteration.
 */
export class LoopGuard {
  /** performance.now() after which the current run is stopped; 0 outside runs. */
  private runDeadline = 0;
  private runTripped: LoopTimeoutError | undefined;
  /** Changes whenever other code may have run: a run starts or ends, the event loop turns. */
  private epoch = 0;
  private turn: NodeJS.Immediate | undefined;

  constructor(readonly timeoutMs: number) {}

  readonly check = (line: number, frame: Frame | undefined): Frame => {
    if (frame?.tripped) throw frame.tripped;
    const now = performance.now();
    if (frame === undefined || frame.epoch !== this.epoch) return this.newFrame(now);
    if (now > frame.deadline) {
      frame.tripped = new LoopTimeoutError(this.timeoutMs, line);
      if (this.runDeadline !== 0) this.runTripped ??= frame.tripped;
      throw frame.tripped;
    }
    return frame;
  };

  /** Calls user code synchronously under a fresh deadline. A stopped run fails with LoopTimeoutError. */
  run(fn: UserFunction, args: unknown[]): Outcome {
    this.runDeadline = performance.now() + this.timeoutMs;
    this.runTripped = undefined;
    this.epoch++;
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: fn(...args) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const tripped = this.runTripped;
    this.runDeadline = 0;
    this.runTripped = undefined;
    this.epoch++;
    if (!tripped) return outcome;
    // The run is reported as timed out whatever the code did with the error; a promise it
    // returned settles later and must not surface as an unhandled rejection.
    if (outcome.ok) Promise.resolve(outcome.value).catch(() => undefined);
    return { ok: false, error: tripped };
  }

  /** Cancels the pending end-of-turn callback (node stop). */
  dispose(): void {
    if (this.turn) clearImmediate(this.turn);
    this.turn = undefined;
  }

  private newFrame(now: number): Frame {
    if (this.runDeadline !== 0) return { deadline: this.runDeadline, epoch: this.epoch };
    // Outside a run the deadline lasts until the event loop turns: then a new epoch begins.
    this.turn ??= setImmediate(() => {
      this.turn = undefined;
      this.epoch++;
    });
    return { deadline: now + this.timeoutMs, epoch: this.epoch };
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUserCode } from './ast.ts';
import { GUARD_PARAM, instrumentLoops, LoopGuard, LoopTimeoutError, type Frame, type UserFunction } from './loop-guard.ts';

function instrument(source: string) {
  return instrumentLoops(source, parseUserCode(source, '/code'));
}

/** Compiles instrumented code wrapped the way compile.ts wraps it. */
function compile(source: string, guard: LoopGuard['check']): UserFunction {
  const kind = /\bawait\b/.test(source) ? 'async function' : 'function';
  const factory = new Function(GUARD_PARAM, `return ${kind} () {\n${instrument(source).code}\n};`);
  return factory(guard) as UserFunction;
}

/** A guard that never stops anything. */
const idle = (): Frame => ({ deadline: Infinity, epoch: 0 });

const countingGuard = () => {
  const lines: number[] = [];
  return { lines, guard: (line: number) => (lines.push(line), idle()) };
};

test('every kind of loop is checked: the guard is called every 1024 iterations, with the loop\'s line', () => {
  const source = [
    'let n = 0; const keys = {}; for (let i = 0; i < 1024; i++) keys["k" + i] = i;',
    'for (let i = 0; i < 1024; i++) n++;',
    'for (const k in keys) { n++; }',
    'for (const v of Object.values(keys)) n++',
    'let w = 1024; while (w-- > 0) n++;',
    'let d = 1023; do n++; while (d-- > 0);',
    'return n;',
  ].join('\n');
  const { lines, guard } = countingGuard();
  assert.equal(compile(source, guard)(), 5 * 1024);
  assert.deepEqual(lines, [1, 2, 3, 4, 5, 6]);
});

test('instrumented code behaves like the original: nesting, labels, continue, break, ASI', () => {
  const source = [
    'const out = [];',
    'outer: for (let i = 0; i < 4; i++)',
    '  for (let j = 0; j < 4; j++) {',
    '    if (j === 2) continue outer;',
    '    if (i === 3) break outer;',
    '    out.push(`${i}${j}`)',
    '  }',
    'let k = 0',
    'while (k < 2) k++',
    '(function () { out.push(k) })()',
    'for (;;) if (k++ > 4) break; else out.push("x")',
    'do ; while (false)',
    'return out.join(",");',
  ].join('\n');
  const original = new Function(source)() as string;
  assert.equal(original, '00,01,10,11,20,21,2,x,x,x');
  assert.equal(compile(source, idle)(), original);
});

test('"use strict" directives stay directives, at the top and in functions', () => {
  const topLevel = '"use strict"\nfor (;;) break;\nreturn (function () { return this; })();';
  assert.equal(compile(topLevel, idle)(), undefined, 'strict mode: no global this');
  const inFunction = 'function f() { \'use strict\'; for (;;) break; return this; }\nreturn f();';
  assert.equal(compile(inFunction, idle)(), undefined);
  const sloppy = 'for (;;) break;\nreturn (function () { return this; })();';
  assert.notEqual(compile(sloppy, idle)(), undefined, 'the tests above can fail');
});

test('each function with loops counts in its own local counter', () => {
  const source = [
    'const f = (n) => { let s = 0; while (n--) s++; return s; };',
    'const g = (a = [1].map(function () { for (;;) return 1; })) => a.map((x) => [x].map(function () { do ; while (false); return x; }));',
    'function noLoops() { return 1; }',
    'return f(3) + g()[0][0] + noLoops();',
  ].join('\n');
  const { code } = instrument(source);
  assert.equal(code.split('let __patchbayLoops__ = 0, __patchbayFrame__;').length - 1, 3, 'f, the default-parameter function and the innermost function');
  assert.equal(compile(source, idle)(), 5);
});

test('only text is inserted: line numbers stay, columns map back to the source', () => {
  const source = 'let i = 0;\nwhile (i < 1) i++; const x = missing;\nfor (;;) { break; } throw new Error("here");';
  const { code, originalPosition } = instrument(source);
  assert.equal(code.split('\n').length, 3);
  const line2 = code.split('\n')[1]!;
  const col = line2.indexOf('missing') + 1;
  assert.ok(col > source.split('\n')[1]!.indexOf('missing') + 1, 'the guard call shifted the column');
  assert.deepEqual(originalPosition(2, col), { line: 2, column: source.split('\n')[1]!.indexOf('missing') + 1 });
  const line3 = code.split('\n')[2]!;
  assert.deepEqual(originalPosition(3, line3.indexOf('throw') + 1), { line: 3, column: source.split('\n')[2]!.indexOf('throw') + 1 });
});

test('loops in nested functions, class methods and callbacks are guarded too', () => {
  const source = 'class A { m() { let n = 0; while (n < 1) n++; return n; } }\nreturn [1].map(() => { for (const x of [1]) {} return new A().m(); })[0];';
  const code = instrument(source).code;
  assert.equal(code.split(`${GUARD_PARAM}(1,`).length - 1, 1);
  assert.equal(code.split(`${GUARD_PARAM}(2,`).length - 1, 1);
  assert.equal(compile(source, countingGuard().guard)(), 1);
});

test('run() stops while(true){} after the timeout and the next run works', () => {
  const guard = new LoopGuard(50);
  const spin = compile('while (true) {}', guard.check);
  const started = performance.now();
  const outcome = guard.run(spin, []);
  const elapsed = performance.now() - started;
  assert.equal(outcome.ok, false);
  assert.ok(!outcome.ok && outcome.error instanceof LoopTimeoutError);
  assert.match(String(!outcome.ok && (outcome.error as Error).message), /more than 0\.05 s \(in the loop at line 1\)/);
  assert.ok(elapsed >= 50 && elapsed < 1000, `stopped after ${elapsed} ms`);
  assert.deepEqual(guard.run(compile('let s = 0; for (let i = 0; i < 5000; i++) s += i; return s;', guard.check), []), { ok: true, value: 12497500 });
});

test('a try/catch inside the loop cannot swallow the timeout', () => {
  const guard = new LoopGuard(30);
  const stubborn = compile('let caught = 0; while (true) { try { for (;;) {} } catch (e) { caught++; } }', guard.check);
  const outcome = guard.run(stubborn, []);
  assert.ok(!outcome.ok && outcome.error instanceof LoopTimeoutError);
});

test('code that catches the timeout and returns normally still fails as timed out', () => {
  const guard = new LoopGuard(30);
  const sneaky = compile('try { while (true) {} } catch (e) { return "got away"; }', guard.check);
  const outcome = guard.run(sneaky, []);
  assert.ok(!outcome.ok && outcome.error instanceof LoopTimeoutError);
});

test('the guard, and so the clock, is reached only every 1024th iteration', (t) => {
  const now = t.mock.method(performance, 'now');
  const guard = new LoopGuard(10_000);
  const loop = compile('for (let i = 0; i < 10240; i++) {}\nlet j = 0; while (j < 2047) j++;', guard.check);
  assert.equal(guard.run(loop, []).ok, true);
  assert.equal(now.mock.callCount(), 1 + 10 + 1, 'one for the deadline, one per 1024 iterations of either loop');
});

test('a loop after an await, outside any run, is stopped before it blocks the event loop for good', async () => {
  const guard = new LoopGuard(30);
  const asyncSpin = compile('await null; while (true) {}', guard.check);
  const outcome = guard.run(asyncSpin, []);
  assert.ok(outcome.ok);
  await assert.rejects(outcome.value as Promise<unknown>, LoopTimeoutError);
  guard.dispose();
});

test('an async loop that keeps catching the timeout dies at its next iteration', async () => {
  const guard = new LoopGuard(30);
  const code = 'await null; let rounds = 0; while (true) { rounds++; try { for (;;) {} } catch (e) {} await new Promise((r) => setTimeout(r, 1)); if (rounds > 50) return rounds; }';
  const outcome = guard.run(compile(code, guard.check), []);
  assert.ok(outcome.ok);
  await assert.rejects(outcome.value as Promise<unknown>, LoopTimeoutError);
  guard.dispose();
});

test('each run gets a fresh deadline, so many short runs in one turn are never stopped', () => {
  const guard = new LoopGuard(20);
  const work = compile('let s = 0; for (let i = 0; i < 2000; i++) s += i; return s;', guard.check);
  const until = performance.now() + 60;
  while (performance.now() < until) assert.equal(guard.run(work, []).ok, true);
});

test('continuations of many runs in one turn each get their own time', async () => {
  const guard = new LoopGuard(30);
  // Each continuation spins for 10 ms; ten of them back to back block for 100 ms, more than the
  // timeout, but none of them alone does.
  const busy = compile('await null;\nconst until = performance.now() + 10;\nwhile (performance.now() < until) {}\nreturn "ok";', guard.check);
  const outcomes = Array.from({ length: 10 }, () => guard.run(busy, []));
  const results = await Promise.all(outcomes.map((o) => (o.ok ? o.value : Promise.reject(o.error))));
  assert.deepEqual(results, Array(10).fill('ok'));
  guard.dispose();
});

test('a continuation resumed after the event loop turned gets a fresh deadline', async () => {
  const guard = new LoopGuard(30);
  const code = 'for (let round = 0; round < 3; round++) {\n  const until = performance.now() + 20;\n  while (performance.now() < until) {}\n  await new Promise((r) => setTimeout(r, 1));\n}\nreturn "ok";';
  const outcome = guard.run(compile(code, guard.check), []);
  assert.ok(outcome.ok, 'the first 20 ms fit in the run');
  assert.equal(await outcome.value, 'ok');
  guard.dispose();
});

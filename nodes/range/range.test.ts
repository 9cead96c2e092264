import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '#node-api';
import { deployErrors, settle, startNode, type TestContext } from '../../test/helpers/node-test.ts';
import { scale } from './scale.ts';

const ranges = { minin: 0, maxin: 10, minout: 0, maxout: 100 };

test('scale maps linearly, also outside the input range', () => {
  assert.equal(scale(5, 'scale', ranges), 50);
  assert.equal(scale(15, 'scale', ranges), 150);
  assert.equal(scale(-1, 'scale', ranges), -10);
});

test('clamp limits to the output range', () => {
  assert.equal(scale(15, 'clamp', ranges), 100);
  assert.equal(scale(-1, 'clamp', ranges), 0);
  assert.equal(scale(15, 'clamp', { ...ranges, minin: 10, maxin: 0 }), 0); // a reversed input range
});

test('roll wraps within the output range', () => {
  assert.equal(scale(12, 'roll', ranges), 20);
  assert.equal(scale(-2, 'roll', ranges), 80);
  assert.equal(scale(10, 'roll', ranges), 0);
  assert.equal(scale(370, 'roll', { minin: 0, maxin: 360, minout: 0, maxout: 360 }), 10);
});

test('drop leaves out numbers outside the input range', () => {
  assert.equal(scale(11, 'drop', ranges), undefined);
  assert.equal(scale(-0.1, 'drop', ranges), undefined);
  assert.equal(scale(10, 'drop', ranges), 100);
});

test('reversed output ranges invert', () => {
  assert.equal(scale(2, 'scale', { ...ranges, minout: 100, maxout: 0 }), 80);
});

async function run(t: TestContext, config: Record<string, unknown>, ...messages: Array<Partial<Message>>) {
  const flows = await startNode(t, 'range', config);
  for (const msg of messages) flows.send('n', msg);
  return flows;
}

test('scales the payload, rounding when asked, numeric strings included', async (t) => {
  const flows = await run(t, { minin: 0, maxin: 1023, minout: 0, maxout: 100, round: true }, { payload: 512 }, { payload: '1023' });
  const [a, b] = await flows.waitFor('out0', 2);
  assert.equal(a!.payload, 50);
  assert.equal(b!.payload, 100);
});

test('another property; a message without it passes unchanged', async (t) => {
  const flows = await run(t, { property: 'sensor.raw', minin: 0, maxin: 4, minout: 0, maxout: 1 }, { sensor: { raw: 1 } }, { payload: 'other' });
  const [a, b] = await flows.waitFor('out0', 2);
  assert.deepEqual(a!.sensor, { raw: 0.25 });
  assert.equal(b!.payload, 'other');
});

test('drop sends nothing for values outside the input range', async (t) => {
  const flows = await run(t, { action: 'drop', minin: 0, maxin: 10, minout: 0, maxout: 1 }, { payload: 11 }, { payload: 5 });
  const [out] = await flows.waitFor('out0', 1);
  assert.equal(out!.payload, 0.5);
  await settle();
  assert.equal(flows.received('out0').length, 1);
});

test('a non-numeric value is an error and nothing is sent', async (t) => {
  const flows = await run(t, {}, { payload: 'warm' }, { payload: '' }, { payload: true });
  await flows.waitForEvent('log', (e) => e.level === 'error' && e.message === 'Not a number: "warm"');
  await flows.waitForEvent('log', (e) => e.level === 'error' && e.message === 'Not a number: ""');
  await flows.waitForEvent('log', (e) => e.level === 'error' && e.message === 'Not a number: true');
  assert.equal(flows.received('out0').length, 0);
});

test('bad config is a deploy error', async () => {
  assert.equal((await deployErrors('range', { minin: 5, maxin: 5 }))[0]?.path, '/config/maxin');
  assert.equal((await deployErrors('range', { minin: '0' }))[0]?.path, '/config/minin');
  assert.equal((await deployErrors('range', { action: 'wrap' }))[0]?.path, '/config/action');
});

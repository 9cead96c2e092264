import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFlows } from '../../test/helpers/flows.ts';
import { filesOptions } from '../../test/helpers/files.ts';
import { startNode } from '../../test/helpers/node-test.ts';

test('reads a file as a string or a Buffer, setting msg.filename', async (t) => {
  const { dir, options } = await filesOptions(t);
  await writeFile(join(dir, 'a.txt'), 'héllo');
  const text = await startNode(t, 'file-in', { filename: 'a.txt' }, options);
  const bytes = await startNode(t, 'file-in', { filename: 'a.txt', format: '' }, options);
  text.send('n', {});
  bytes.send('n', {});
  const [s] = await text.waitFor('out0');
  const [b] = await bytes.waitFor('out0');
  assert.equal(s!.payload, 'héllo');
  assert.equal(s!.filename, 'a.txt');
  assert.ok(Buffer.isBuffer(b!.payload));
});

test('lines: a message per line as a sequence; the last carries the count', async (t) => {
  const { dir, options } = await filesOptions(t);
  await writeFile(join(dir, 'l.txt'), 'a\nb\nc');
  const flows = await startNode(t, 'file-in', { filename: 'l.txt', format: 'lines' }, options);
  flows.send('n', { _msgid: 'm', topic: 't', other: 1 });
  const out = await flows.waitFor('out0', 3);
  assert.deepEqual(out.map((m) => [m.payload, m.topic, m.other, m.parts]), [
    ['a', 't', undefined, { index: 0, ch: '\n', type: 'string', id: 'm' }],
    ['b', 't', undefined, { index: 1, ch: '\n', type: 'string', id: 'm' }],
    ['c', 't', undefined, { index: 2, ch: '\n', type: 'string', id: 'm', count: 3 }],
  ]);
});

test('a missing file reaches catch nodes (FILE_READ_FAILED) and, when asked, is sent with msg.error', async (t) => {
  const { options } = await filesOptions(t);
  const flows = await runFlows([
    { id: 'n', type: 'file-in', config: { filename: 'nope.txt', sendError: true }, wires: [['sink']] },
    { id: 'sink', type: 'test-sink' },
    { id: 'c', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ], options);
  t.after(() => flows.stop());
  flows.send('n', { payload: 'p' });
  const [caught] = await flows.waitFor('caught');
  const [sent] = await flows.waitFor('sink');
  assert.match((caught!.error as { message: string }).message, /ENOENT/);
  assert.equal(sent!.payload, undefined);
  assert.equal((sent!.error as { code: string }).code, 'FILE_READ_FAILED');
});

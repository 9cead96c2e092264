import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filesOptions } from '../../test/helpers/files.ts';
import { runFlows } from '../../test/helpers/flows.ts';
import { deployErrors } from '../../test/helpers/node-test.ts';

test('a change to a watched directory sends its path, name, type and size', async (t) => {
  const { dir, options } = await filesOptions(t);
  await mkdir(join(dir, 'in'));
  const flows = await runFlows([{ id: 'n', type: 'watch', config: { files: 'in' }, wires: [['sink']] }, { id: 'sink', type: 'test-sink' }], options);
  t.after(() => flows.stop());
  await writeFile(join(dir, 'in', 'new.txt'), 'abc');
  const [msg] = await flows.waitFor('sink', 1, 5000);
  assert.equal(msg!.payload, join('in', 'new.txt'));
  assert.equal(msg!.file, 'new.txt');
  assert.equal(msg!.type, 'file');
  assert.equal(msg!.event, 'update');
});

test('nothing to watch, or a path outside the files directory, is a deploy error', async () => {
  assert.deepEqual((await deployErrors('watch', {})).map((e) => e.path), ['/config/files']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFlows } from '../../test/helpers/flows.ts';
import { filesOptions } from '../../test/helpers/files.ts';
import { startNode } from '../../test/helpers/node-test.ts';

test('appends payloads in order (objects as JSON, a newline after each), then passes the message on with msg.filename', async (t) => {
  const { dir, options } = await filesOptions(t);
  const flows = await startNode(t, 'file', { filename: 'log.txt' }, options);
  flows.send('n', { payload: 'one' });
  flows.send('n', { payload: { two: 2 } });
  flows.send('n', { payload: 3 });
  const out = await flows.waitFor('out0', 3);
  assert.equal(out[0]!.filename, 'log.txt');
  assert.equal(await readFile(join(dir, 'log.txt'), 'utf8'), `one${EOL}{"two":2}${EOL}3${EOL}`);
});

test('overwrite, a Buffer as it is, msg.filename as the name, create the directory, delete', async (t) => {
  const { dir, options } = await filesOptions(t);
  const over = await startNode(t, 'file', { filename: 'name', filenameType: 'msg', overwriteFile: 'true', createDir: true }, options);
  over.send('n', { name: 'sub/a.bin', payload: Buffer.from([1, 2]) });
  await over.waitFor('out0');
  over.send('n', { name: 'sub/a.bin', payload: Buffer.from([3]) });
  await over.waitFor('out0', 2);
  assert.deepEqual([...await readFile(join(dir, 'sub/a.bin'))], [3]);
  const del = await startNode(t, 'file', { filename: 'sub/a.bin', overwriteFile: 'delete' }, options);
  del.send('n', {});
  await del.waitFor('out0');
  await assert.rejects(readFile(join(dir, 'sub/a.bin')));
});

test('a name outside the files directory is refused (FILE_OUTSIDE_DIR), symbolic links included', async (t) => {
  const { dir, options } = await filesOptions(t);
  await mkdir(join(dir, 'inside'));
  await symlink(tmpdir(), join(dir, 'inside', 'out'));
  const flows = await runFlows([
    { id: 'n', type: 'file', config: { filename: 'name', filenameType: 'msg' }, wires: [['sink']] },
    { id: 'sink', type: 'test-sink' },
    { id: 'c', type: 'catch', wires: [['caught']] },
    { id: 'caught', type: 'test-sink' },
  ], options);
  t.after(() => flows.stop());
  for (const name of ['../escape.txt', '/etc/passwd', 'inside/out/escape.txt']) flows.send('n', { name, payload: 'x' });
  const caught = await flows.waitFor('caught', 3);
  assert.ok(caught.every((m) => /outside the files directory/.test((m.error as { message: string }).message)));
  assert.equal(flows.received('sink').length, 0);
  await writeFile(join(dir, 'ok.txt'), '');
});

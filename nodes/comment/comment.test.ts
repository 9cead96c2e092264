import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFlows } from '../../test/helpers/flows.ts';
import comment from './index.ts';

test('a comment deploys with markdown details and does nothing at runtime', async (t) => {
  const flows = await runFlows([
    { id: 'note', type: 'comment', name: 'How this flow works', config: { info: '# Title\n\n- **bold** point' } },
  ]);
  t.after(() => flows.stop());
  flows.send('note', { payload: 'ignored' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(flows.events, { debug: [], status: [], log: [] });
});

test('a comment has no ports, no button, and defaults to empty markdown details', async (t) => {
  assert.equal(comment.inputs, 0);
  assert.equal(comment.outputs, 0);
  assert.equal(comment.button, undefined);
  assert.equal(comment.config.properties.info.default, '');
  assert.equal(comment.config.properties.info.format, 'markdown');
  const flows = await runFlows([{ id: 'note', type: 'comment' }]);
  t.after(() => flows.stop());
});

test('details must be text', async () => {
  await assert.rejects(runFlows([{ id: 'note', type: 'comment', config: { info: 42 } }]), (err: unknown) => {
    const { errors, details } = err as { errors?: unknown; details?: unknown };
    assert.equal(((errors ?? details) as Array<{ path: string }>)[0]!.path, '/config/info');
    return true;
  });
});

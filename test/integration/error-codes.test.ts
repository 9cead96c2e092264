// A node's error code travels end to end: the log line, the editor's log event and the catch
// node's msg.error, as a user sees them through the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capturingLog } from '../helpers/log.ts';
import { nextEvent, startServer } from '../helpers/server.ts';
import type { FlowDocument } from '../../server/api/contract.ts';

test('inject → json (invalid JSON) with catch → debug: msg.error.code and source in the debug sidebar and the log', async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const { api, editorSocket } = await startServer(t, { log: capturingLog(lines) });
  const doc: FlowDocument = {
    format: 'patchbay-flows', version: 1, flows: [{ id: 'f1', label: 'F' }],
    nodes: [
      { id: 'in', type: 'inject', flow: 'f1', config: { payload: { type: 'str', value: '{"temp": 21,' } }, wires: [['parse']] },
      { id: 'parse', type: 'json', flow: 'f1', name: 'Parse reading', config: {}, wires: [[]] },
      { id: 'catch', type: 'catch', flow: 'f1', config: {}, wires: [['show']] },
      { id: 'show', type: 'debug', flow: 'f1', config: { property: 'error' }, wires: [] },
    ],
  };
  assert.equal((await api('/api/flows', { method: 'PUT', body: doc })).status, 200);
  const socket = await editorSocket();
  const shown = nextEvent(socket, 'debug', (e) => e.node === 'show');
  const logged = nextEvent(socket, 'log', (e) => e.node === 'parse');
  assert.equal((await api('/api/nodes/in/trigger', { method: 'POST' })).status, 200);

  const error = (await shown).value as { code: string; message: string; source: Record<string, unknown> };
  assert.equal(error.code, 'JSON_PARSE_FAILED');
  assert.match(error.message, /JSON/);
  assert.deepEqual(error.source, { id: 'parse', type: 'json', name: 'Parse reading', count: 1 }); // counted from 1, as Node-RED
  assert.equal((await logged).code, 'JSON_PARSE_FAILED');
  const line = lines.find((l) => l.nodeId === 'parse' && l.level === 50);
  assert.equal(line?.code, 'JSON_PARSE_FAILED');
});

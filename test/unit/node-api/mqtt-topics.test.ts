import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mqttFilterProblem, mqttTopicProblem, parseSharedFilter } from '../../../server/node-api/mqtt-topics.ts';

test('[MQTT-4.7.1] [MQTT-4.7.3] topic filter validation', () => {
  for (const valid of ['#', '+', 'a/+/b', 'a/#', '+/+', '/', 'a//b', '$SYS/#', 'sport/tennis/+/#']) {
    assert.equal(mqttFilterProblem(valid), undefined, valid);
  }
  for (const invalid of ['', 'a#', 'a/#/b', '#/a', 'a+', 'a/+b', 'a\u0000b']) {
    assert.notEqual(mqttFilterProblem(invalid), undefined, invalid);
  }
});

test('[MQTT-3.3.2-2] topic names have no wildcards', () => {
  assert.equal(mqttTopicProblem('a/b'), undefined);
  assert.equal(mqttTopicProblem('/'), undefined);
  for (const invalid of ['', 'a/+', 'a/#', 'a\u0000']) assert.notEqual(mqttTopicProblem(invalid), undefined, invalid);
});

test('[MQTT-4.8.2-1] [MQTT-4.8.2-2] shared subscriptions: a share name, then a valid filter', () => {
  assert.deepEqual(parseSharedFilter('$share/workers/jobs/+'), { group: 'workers', filter: 'jobs/+' });
  assert.equal(parseSharedFilter('jobs/+'), undefined);
  assert.equal(mqttFilterProblem('$share/workers/jobs/#'), undefined);
  for (const invalid of ['$share/', '$share//jobs', '$share/workers', '$share/workers/', '$share/w+/jobs', '$share/workers/jobs/#/x']) {
    assert.notEqual(mqttFilterProblem(invalid), undefined, invalid);
  }
});

// kill -9 aimed at the PUBACK: every QoS 1 message the broker acknowledged is still there after
// a restart, queued for an offline persistent session and, for retained ones, as the retained
// message of its topic. The real `patchbay` process, mqtt.js clients over TCP. Two test files
// run these rounds (the suite gives a file 120 s).
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as mqttConnect, connectAsync, type MqttClient } from 'mqtt';
import { startCli } from './cli.ts';
import { within } from './broker.ts';

export const PER_ROUND = 40;

const connect = (url: string, clientId: string, clean = true): Promise<MqttClient> =>
  connectAsync(url, { clientId, clean, reconnectPeriod: 0, connectTimeout: 5000 });

/** Publishes PER_ROUND QoS 1 messages at once (every other one retained) and kills the broker at the `killAt`th PUBACK; resolves with what was acknowledged. */
async function publishUntilKilled(url: string, round: number, killAt: number, kill: () => void): Promise<string[]> {
  const publisher = await connect(url, `publisher-${round}`);
  const acked: string[] = [];
  await new Promise<void>((resolve) => {
    publisher.on('close', () => resolve());
    for (let i = 0; i < PER_ROUND; i++) {
      const name = `r${round}-m${i}`;
      publisher.publish(`acked/${name}`, name, { qos: 1, retain: i % 2 === 0 }, (err) => {
        if (err) return;
        acked.push(name);
        if (acked.length === killAt) kill();
      });
    }
  });
  publisher.end(true);
  return acked;
}

/** Collects what `client` receives until `expected` all arrived or 5 s passed. */
async function collect(client: MqttClient, filter: string | undefined, expected: string[], opts: { retainedOnly?: boolean } = {}): Promise<Set<string>> {
  const got = new Set<string>();
  const missing = () => expected.filter((name) => !got.has(name));
  client.on('message', (_topic, payload, packet) => {
    if (!opts.retainedOnly || packet.retain) got.add(payload.toString());
  });
  if (filter !== undefined) await client.subscribeAsync(filter, { qos: 1 });
  await within(new Promise<void>((resolve) => {
    const timer = setInterval(() => { if (missing().length === 0) { clearInterval(timer); resolve(); } }, 20);
    setTimeout(() => { clearInterval(timer); resolve(); }, 5000);
  }), 'messages');
  return got;
}

/**
 * `rounds` times: publish, kill -9 the real `patchbay` when the PUBACK number `killAt(round)`
 * arrives, restart, and check that every acknowledged message is queued for the offline session
 * and every acknowledged retained one is retained.
 */
export async function killAtPubacks(t: TestContext, rounds: number, killAt: (round: number) => number): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-acks-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  let cli = await startCli(t, ['--data-dir', dataDir]);
  // the offline persistent session the messages are queued for
  const session = await connect(cli.mqttUrl!, 'offline-session', false);
  await session.subscribeAsync('acked/#', { qos: 1 });
  await session.endAsync();
  const allAcked: string[] = [];
  const allQueued = new Set<string>();
  let lostRetained = 0;
  for (let round = 0; round < rounds; round++) {
    const acked = await publishUntilKilled(cli.mqttUrl!, round, killAt(round), () => cli.child.kill('SIGKILL'));
    cli = await startCli(t, ['--data-dir', dataDir]);
    // listening before CONNACK: the queued messages follow it at once
    const resumed = mqttConnect(cli.mqttUrl!, { clientId: 'offline-session', clean: false, reconnectPeriod: 0 });
    const queued = await collect(resumed, undefined, acked); // no SUBSCRIBE: retained copies would mask the queue
    await resumed.endAsync();
    const retainedNames = acked.filter((name) => Number(name.split('-m')[1]) % 2 === 0);
    const reader = await connect(cli.mqttUrl!, `reader-${round}`);
    const retained = await collect(reader, 'acked/+', retainedNames, { retainedOnly: true });
    await reader.endAsync();
    allAcked.push(...acked);
    for (const name of queued) allQueued.add(name);
    const missingQueued = acked.filter((name) => !queued.has(name));
    const missingRetained = retainedNames.filter((name) => !retained.has(name));
    lostRetained += missingRetained.length;
    t.diagnostic(`round ${round}: ${acked.length} acknowledged; not yet received by the session ${missingQueued.join(' ') || 'none'}; missing retained ${missingRetained.length}`);
  }
  const lost = allAcked.filter((name) => !allQueued.has(name));
  assert.deepEqual(lost, [], 'acknowledged messages lost from the offline session');
  assert.equal(lostRetained, 0, 'acknowledged retained messages lost');
  await cli.stop();
}

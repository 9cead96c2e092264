// A script on a web page in real Chromium opens MQTT over WebSocket at the server's /mqtt, as
// any site the user visits could: without an account it gets CONNACK 5 even from the server's
// own origin on loopback, unless mqtt.allowAnonymousWebSocket is set; with an account it connects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate, type IConnectPacket } from 'mqtt-packet';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './helpers/browser.ts';
import { runCommand } from '../helpers/cli.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** The bytes of the broker's answer (CONNACK) to `connect`, sent by a script of a page the server served. */
async function connackFromPage(browser: Browser, server: TestServer, connect: Partial<IConnectPacket>): Promise<number[]> {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/api/health`);
    const bytes = [...generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'page', keepalive: 30, ...connect })];
    return await page.evaluate(async ({ url, packet }) => {
      const ws = new WebSocket(url, 'mqtt');
      ws.binaryType = 'arraybuffer';
      const received: number[] = [];
      const answer = new Promise<number[]>((resolve, reject) => {
        // a CONNACK is 4 bytes, which may come in more than one frame
        ws.onmessage = (event: MessageEvent<ArrayBuffer>) => {
          received.push(...new Uint8Array(event.data));
          if (received.length >= 4) resolve(received);
        };
        ws.onerror = () => reject(new Error('WebSocket error'));
        setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
      });
      ws.onopen = () => ws.send(new Uint8Array(packet));
      try {
        return await answer;
      } finally {
        ws.close();
      }
    }, { url: `${server.url.replace('http', 'ws')}/mqtt`, packet: bytes });
  } finally {
    await page.close();
  }
}

const REFUSED_NOT_AUTHORIZED = [0x20, 0x02, 0x00, 0x05];
const ACCEPTED = [0x20, 0x02, 0x00, 0x00];

test('a page\'s script gets no anonymous MQTT, even served by Patchbay itself on loopback; with an account it connects', async (t) => {
  const browser = await launchBrowser(t);
  const server = await startServer(t, { broker: true });
  assert.deepEqual(await connackFromPage(browser, server, {}), REFUSED_NOT_AUTHORIZED);
  const added = await runCommand(['users', 'add', 'wall-panel', '--role', 'mqtt', '--subscribe', 'home/#', '--data-dir', server.dataDir], 'panel password');
  assert.equal(added.code, 0, added.stderr);
  let answer: number[] = [];
  for (let i = 0; i < 40 && answer.join() !== ACCEPTED.join(); i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100)); // the server reads users.json a moment after the change
    answer = await connackFromPage(browser, server, { username: 'wall-panel', password: Buffer.from('panel password') });
  }
  assert.deepEqual(answer, ACCEPTED);
});

test('mqtt.allowAnonymousWebSocket: the page connects anonymously', async (t) => {
  const browser = await launchBrowser(t);
  const server = await startServer(t, { broker: true, mqtt: { allowAnonymousWebSocket: true } });
  assert.deepEqual(await connackFromPage(browser, server, {}), ACCEPTED);
});

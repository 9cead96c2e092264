// Connects many idle MQTT clients (MQTT 3.1.1, keepalive 60 s) to a broker, 50 at a time, prints
// `{"connectAllMs":N}` once all are connected, and disconnects them when stdin closes.
//
//   node --import tsx test/bench/idle-clients.ts mqtt://127.0.0.1:1883 2000
import { connectWithNoDelay } from '../../server/mqtt/no-delay.ts';
import { epochNow } from './proc.ts';

const [url = '', countArg = '2000'] = process.argv.slice(2);
const count = Number(countArg);
const BATCH = 50;

type MqttClient = ReturnType<typeof connectWithNoDelay>;

/** Patchbay's mqtt.js (test/bench/node_modules holds Node-RED's, another version). */
function connected(clientId: string): Promise<MqttClient> {
  const client = connectWithNoDelay(url, { clientId, protocolVersion: 4, keepalive: 60, reconnectPeriod: 0 });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

const clients: MqttClient[] = [];
const started = epochNow();
for (let i = 0; i < count; i += BATCH) {
  const batch = Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => connected(`idle-${process.pid}-${i + j}`));
  clients.push(...await Promise.all(batch));
}
console.log(JSON.stringify({ connectAllMs: epochNow() - started }));
process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all(clients.map((client) => client.endAsync(true)));
  process.exit(0);
});

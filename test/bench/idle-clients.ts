// Connects many idle MQTT clients (MQTT 3.1.1, keepalive 60 s) to a broker, 50 at a time, prints
// `{"connectAllMs":N}` once all are connected, and disconnects them when stdin closes.
//
//   node --import tsx test/bench/idle-clients.ts mqtt://127.0.0.1:1883 2000
import { connectAsync, type MqttClient } from 'mqtt';
import { epochNow } from './proc.ts';

const [url = '', countArg = '2000'] = process.argv.slice(2);
const count = Number(countArg);
const BATCH = 50;

const clients: MqttClient[] = [];
const started = epochNow();
for (let i = 0; i < count; i += BATCH) {
  const batch = Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => connectAsync(url, {
    clientId: `idle-${process.pid}-${i + j}`, protocolVersion: 4, keepalive: 60, reconnectPeriod: 0,
  }));
  clients.push(...await Promise.all(batch));
}
console.log(JSON.stringify({ connectAllMs: epochNow() - started }));
process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all(clients.map((client) => client.endAsync(true)));
  process.exit(0);
});

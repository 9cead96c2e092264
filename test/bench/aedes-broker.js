// A standalone aedes broker for Node-RED's side of the comparison (Node-RED has no broker of its
// own; users run aedes or mosquitto beside it). Prints `mqtt: mqtt://127.0.0.1:<port>` when ready.
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const broker = await Aedes.createBroker();
const server = createServer((socket) => {
  socket.setNoDelay(true);
  broker.handle(socket);
});
server.listen(0, '127.0.0.1', () => console.log(`mqtt: mqtt://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => broker.close(() => process.exit(0))));

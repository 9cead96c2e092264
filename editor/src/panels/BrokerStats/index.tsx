import type { BrokerStatsResponse } from '../../../../server/api/contract.ts';

type Stats = NonNullable<BrokerStatsResponse['stats']>;
type Counter = Exclude<keyof Stats, 'clients'>;

const ROWS: ReadonlyArray<[Counter, string]> = [
  ['clientsConnected', 'Clients connected'],
  ['subscriptions', 'Subscriptions'],
  ['retainedMessages', 'Retained messages'],
  ['messagesReceived', 'Messages received'],
  ['messagesSent', 'Messages sent'],
  ['bytesReceived', 'Bytes received'],
  ['bytesSent', 'Bytes sent'],
  ['uptimeSeconds', 'Uptime (s)'],
];

/** The built-in broker's counters, the addresses clients connect to, and the clients connected with their protocol. */
export function BrokerStats({ response }: { response: BrokerStatsResponse }) {
  const stats = response.stats;
  return (
    <section className="broker-stats" aria-label="Broker stats">
      <ul className="broker-urls">{response.urls.map((url) => <li key={url}><code>{url}</code></li>)}</ul>
      {stats && (
        <dl>
          {ROWS.map(([key, label]) => (
            <div key={key}><dt>{label}</dt><dd>{stats[key].toLocaleString()}</dd></div>
          ))}
        </dl>
      )}
      {stats && stats.clients.length > 0 && <BrokerClients clients={stats.clients} />}
    </section>
  );
}

/** One row per connected client: which MQTT version it speaks, and from where. */
function BrokerClients({ clients }: { clients: Stats['clients'] }) {
  return (
    <table className="broker-clients" aria-label="Connected clients">
      <thead><tr><th scope="col">Client ID</th><th scope="col">Protocol</th><th scope="col">Transport</th><th scope="col">Address</th></tr></thead>
      <tbody>
        {clients.map((c) => (
          <tr key={c.clientId}>
            <td><code>{c.clientId}</code></td>
            <td title={`protocol level ${c.protocolVersion}`}>{c.protocol}</td>
            <td>{c.transport}</td>
            <td>{c.address ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { BrokerStatsResponse } from '../../../../server/api/contract.ts';

type Stats = NonNullable<BrokerStatsResponse['stats']>;

const ROWS: ReadonlyArray<[keyof Stats, string]> = [
  ['clientsConnected', 'Clients connected'],
  ['subscriptions', 'Subscriptions'],
  ['retainedMessages', 'Retained messages'],
  ['messagesReceived', 'Messages received'],
  ['messagesSent', 'Messages sent'],
  ['bytesReceived', 'Bytes received'],
  ['bytesSent', 'Bytes sent'],
  ['uptimeSeconds', 'Uptime (s)'],
];

/** The built-in broker's counters and the addresses clients connect to. */
export function BrokerStats({ response }: { response: BrokerStatsResponse }) {
  return (
    <section className="broker-stats" aria-label="Broker stats">
      <ul className="broker-urls">{response.urls.map((url) => <li key={url}><code>{url}</code></li>)}</ul>
      {response.stats && (
        <dl>
          {ROWS.map(([key, label]) => (
            <div key={key}><dt>{label}</dt><dd>{response.stats![key].toLocaleString()}</dd></div>
          ))}
        </dl>
      )}
    </section>
  );
}

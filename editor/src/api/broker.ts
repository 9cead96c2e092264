// The broker view's data source: stats and publishing over REST, the live topic feed over
// socket.io. A small interface, so the view can be tested or fed from elsewhere.
import type { BrokerMessagesEvent, BrokerPublishRequest, BrokerStatsResponse } from '../../../server/api/contract.ts';
import { ApiError } from './rest.ts';
import type { EditorSocket } from './socket.ts';

export interface BrokerFeed {
  stats(): Promise<BrokerStatsResponse>;
  /** Watches a topic filter (replacing any earlier one); resolves with the function that stops it. */
  watch(filter: string, onBatch: (batch: BrokerMessagesEvent) => void): Promise<() => Promise<void>>;
  publish(message: BrokerPublishRequest): Promise<void>;
}

/** The feed of the server the editor was loaded from. */
export function createBrokerFeed(socket: EditorSocket, base = ''): BrokerFeed {
  async function json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(`${base}${path}`, init);
    const body = (await response.json().catch(() => ({}))) as T & { error?: string; code?: string };
    if (!response.ok) throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.error ?? `HTTP ${response.status}`);
    return body;
  }
  return {
    stats: () => json<BrokerStatsResponse>('/api/broker'),
    async watch(filter, onBatch) {
      const ack = await socket.timeout(5000).emitWithAck('broker:watch', { filter });
      if (!ack.ok) throw new ApiError(400, ack.code, ack.error);
      socket.on('broker:messages', onBatch);
      return async () => {
        socket.off('broker:messages', onBatch);
        // A socket that is gone has no subscription left to stop.
        if (socket.connected) await socket.timeout(5000).emitWithAck('broker:unwatch').catch(() => undefined);
      };
    },
    async publish(message) {
      await json('/api/broker/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    },
  };
}

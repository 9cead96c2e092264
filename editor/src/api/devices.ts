// The Devices panel's data source: the list and commands over REST, changes over socket.io.
// A small interface, so the panel can be tested or fed from elsewhere.
import type { DeviceCommandRequest, DeviceInfo, DeviceStateEvent } from '../../../server/api/contract.ts';
import { ApiError } from './rest.ts';
import type { EditorSocket } from './socket.ts';

export interface DeviceEvents {
  added(device: DeviceInfo): void;
  updated(device: DeviceInfo): void;
  removed(e: { id: string }): void;
  state(e: DeviceStateEvent): void;
}

export interface DeviceFeed {
  list(): Promise<DeviceInfo[]>;
  /** Sends property values to a device; rejects with the server's ApiError (DEVICE_VALUE_INVALID, ...). */
  command(deviceId: string, values: DeviceCommandRequest['values']): Promise<void>;
  /** Listens to device events; returns the function that stops. */
  listen(events: DeviceEvents): () => void;
}

/** The feed of the server the editor was loaded from. */
export function createDeviceFeed(socket: EditorSocket, base = ''): DeviceFeed {
  async function json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(`${base}${path}`, init);
    const body = (await response.json().catch(() => ({}))) as T & { error?: string; code?: string };
    if (!response.ok) throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.error ?? `HTTP ${response.status}`);
    return body;
  }
  return {
    list: () => json<DeviceInfo[]>('/api/devices'),
    async command(deviceId, values) {
      const body: DeviceCommandRequest = { values };
      await json(`/api/devices/${encodeURIComponent(deviceId)}/command`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    },
    listen(events) {
      socket.on('device:added', events.added);
      socket.on('device:updated', events.updated);
      socket.on('device:removed', events.removed);
      socket.on('device:state', events.state);
      return () => {
        socket.off('device:added', events.added);
        socket.off('device:updated', events.updated);
        socket.off('device:removed', events.removed);
        socket.off('device:state', events.state);
      };
    },
  };
}

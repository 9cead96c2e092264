// Device registry events to every connected editor: devices appearing, changing, going
// offline or away, and state values (changes only: a sensor repeating itself is no news).
// Through the outbox: for an editor that is not keeping up, state values are dropped and
// counted, and the latest description of each device is kept for when it reads again.
import type { DeviceRegistry } from '../devices/index.ts';
import type { DeviceInfo, DeviceStateChange } from '../node-api/devices.ts';
import type { EditorOutbox } from './editor-outbox.ts';

/** Forwards until the returned function is called. */
export function forwardDeviceEvents(outbox: EditorOutbox, registry: DeviceRegistry): () => void {
  const added = (info: DeviceInfo) => outbox.broadcastState(`device:${info.id}`, 'device:added', info);
  const updated = (info: DeviceInfo) => outbox.broadcastState(`device:${info.id}`, 'device:updated', info);
  const removed = (e: { id: string }) => outbox.broadcastState(`device:${e.id}`, 'device:removed', e);
  const state = ({ changed, ...e }: DeviceStateChange) => {
    if (changed) outbox.broadcast('device:state', e);
  };
  registry.events.on('added', added);
  registry.events.on('updated', updated);
  registry.events.on('removed', removed);
  registry.events.on('state', state);
  return () => {
    registry.events.off('added', added);
    registry.events.off('updated', updated);
    registry.events.off('removed', removed);
    registry.events.off('state', state);
  };
}

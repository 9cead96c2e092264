// Device registry events to every connected editor: devices appearing, changing, going
// offline or away, and state values (changes only: a sensor repeating itself is no news).
import type { DeviceRegistry } from '../devices/index.ts';
import type { DeviceInfo, DeviceStateChange } from '../node-api/devices.ts';
import type { EditorNamespace } from './socket.ts';

/** Forwards until the returned function is called. */
export function forwardDeviceEvents(editor: EditorNamespace, registry: DeviceRegistry): () => void {
  const added = (info: DeviceInfo) => editor.emit('device:added', info);
  const updated = (info: DeviceInfo) => editor.emit('device:updated', info);
  const removed = (e: { id: string }) => editor.emit('device:removed', e);
  const state = ({ changed, ...e }: DeviceStateChange) => {
    if (changed) editor.emit('device:state', e);
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

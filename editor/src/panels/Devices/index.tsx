import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../../../../server/api/contract.ts';
import { fromList, groupDevices, withDevice, withoutDevice, withState, type DeviceMap } from '../../devices/device-list.ts';
import { useDeviceFeed, useEditorState } from '../../store/use-editor.ts';
import { DeviceCard } from './DeviceCard.tsx';
import './styles.css';

/**
 * The devices found on the broker, grouped by area or bridge, with live state and
 * availability, a filter, and controls to try a command. Dragging a device or a property onto
 * the canvas makes a device-in node (with Alt or Shift held: device-out). Live only while shown.
 */
export function DevicesPanel({ active }: { active: boolean }) {
  const feed = useDeviceFeed();
  const connected = useEditorState((s) => s.connection === 'connected');
  const [devices, setDevices] = useState<DeviceMap>(new Map());
  const [problem, setProblem] = useState('');
  const [filter, setFilter] = useState('');

  useEffect(() => {
    if (!active || !connected) return;
    let cancelled = false;
    // Events first, so nothing between the list and the subscription is missed (a later list wins).
    const stop = feed.listen({
      added: (d) => setDevices((m) => withDevice(m, d)),
      updated: (d) => setDevices((m) => withDevice(m, d)),
      removed: ({ id }) => setDevices((m) => withoutDevice(m, id)),
      state: (e) => setDevices((m) => withState(m, e)),
    });
    feed.list().then(
      (list) => { if (!cancelled) { setDevices(fromList(list)); setProblem(''); } },
      (err: Error) => { if (!cancelled) setProblem(`Devices unavailable: ${err.message}`); },
    );
    return () => {
      cancelled = true;
      stop();
    };
  }, [active, connected, feed]);

  if (!active) return null;
  const groups = groupDevices(devices, filter);
  return (
    <div className="devices-panel">
      {problem && <p className="devices-problem" role="alert">{problem}</p>}
      <input className="devices-filter" type="search" aria-label="Filter devices" placeholder="Filter devices" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <p className="devices-hint">Drag a device or a property onto the canvas for a device in node; hold Alt (or Shift) for device out.</p>
      {devices.size === 0 && !problem && <p className="devices-empty">No devices yet. Point Zigbee2MQTT, Tasmota, Shelly, ESPHome or Homie devices at this broker, or run <code>npx patchbay simulate</code>.</p>}
      {groups.map(([group, list]) => (
        <section key={group} className="devices-group" aria-label={group}>
          <h3>{group}</h3>
          {list.map((device: DeviceInfo) => <DeviceCard key={device.id} device={device} onCommand={(values) => feed.command(device.id, values)} />)}
        </section>
      ))}
    </div>
  );
}

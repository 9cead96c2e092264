import { memo, useState } from 'react';
import type { DeviceInfo, DeviceProperty } from '../../../../server/api/contract.ts';
import { SOURCE_LABELS } from '../../devices/device-list.ts';
import { dragDeviceNode } from './drag.ts';
import { PropertyRow } from './PropertyRow.tsx';

export interface DeviceCardProps {
  device: DeviceInfo;
  onCommand(values: Record<string, unknown>): Promise<void>;
}

/** One device: its name, convention and availability, and its entities' properties. */
export const DeviceCard = memo(function DeviceCard({ device, onCommand }: DeviceCardProps) {
  const [open, setOpen] = useState(true);
  return (
    <article className={`device-card${device.online ? '' : ' device-offline'}`} aria-label={device.name}>
      <header className="device-header" draggable onDragStart={(e) => dragDeviceNode(e, device.id)} title={`${device.id} · drag for a device in node (any property)`}>
        <button type="button" className="device-toggle" aria-expanded={open} aria-label={open ? `Collapse ${device.name}` : `Expand ${device.name}`} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>
        <span className={`device-dot ${device.online ? 'on' : 'off'}`} title={device.online ? 'online' : device.announced ? 'offline' : 'not seen since the restart'} />
        <span className="device-name">{device.name}</span>
        <span className="device-source" title={device.sources.map((s) => SOURCE_LABELS[s]).join(', ')}>{SOURCE_LABELS[device.source]}</span>
        {!device.online && <span className="device-state-text">offline</span>}
      </header>
      {open && (
        <ul className="device-properties" aria-label={`${device.name} properties`}>
          {device.entities.flatMap((entity) => entity.properties.map((property: DeviceProperty) => (
            <PropertyRow key={property.id} device={device.id} entity={entity.name} property={property} onCommand={onCommand} />
          )))}
        </ul>
      )}
    </article>
  );
});

import { useState } from 'react';
import type { DeviceProperty } from '../../../../server/api/contract.ts';
import { commandChoices, formatValue } from '../../devices/device-list.ts';
import { dragDeviceNode } from './drag.ts';

export interface PropertyRowProps {
  device: string;
  entity: string;
  property: DeviceProperty;
  onCommand(values: Record<string, unknown>): Promise<void>;
}

/** A property: its value (live), draggable, and for a settable one a control to try a command. */
export function PropertyRow({ device, entity, property, onCommand }: PropertyRowProps) {
  const [problem, setProblem] = useState('');
  const send = (value: unknown) => {
    setProblem('');
    onCommand({ [property.id]: value }).catch((err: Error) => setProblem(err.message));
  };
  return (
    <li className="device-property" draggable onDragStart={(e) => dragDeviceNode(e, device, property.id)} aria-label={`${property.id} ${formatValue(property)}`}
      title={`${entity}: ${property.name} (${property.type}${property.settable ? ', settable' : ''}) · drag for a device in node, with Alt for device out`}>
      <span className="device-property-name">{property.id}</span>
      {property.readable && <span className="device-property-value">{formatValue(property)}</span>}
      {property.settable && <CommandControl property={property} send={send} />}
      {problem && <span className="device-property-problem" role="alert">{problem}</span>}
    </li>
  );
}

function CommandControl({ property, send }: { property: DeviceProperty; send(value: unknown): void }) {
  const choices = commandChoices(property);
  const [text, setText] = useState('');
  if (property.type === 'boolean') {
    return <span className="device-command">{choices.map((c) => <button key={c} type="button" onClick={() => send(c)} aria-label={`Set ${property.id} to ${c}`}>{c}</button>)}</span>;
  }
  if (choices.length > 0) {
    return (
      <select className="device-command" aria-label={`Set ${property.id}`} value="" onChange={(e) => e.target.value && send(e.target.value)}>
        <option value="">set…</option>
        {choices.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    );
  }
  const range = property.min !== undefined && property.max !== undefined ? `${property.min}–${property.max}` : property.type;
  return (
    <form className="device-command" onSubmit={(e) => { e.preventDefault(); send(property.type === 'json' ? parseJson(text) : text); }}>
      <input aria-label={`Value for ${property.id}`} placeholder={range} value={text} onChange={(e) => setText(e.target.value)} size={6} />
      <button type="submit">Set</button>
    </form>
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

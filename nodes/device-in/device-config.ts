// What the three device nodes share: the device and property fields (pickers fed by the
// registry), the check that a device is chosen, and a status that follows the device's
// presence: missing (removed, or not found yet), offline, or online.
import { devicePicker, NodeConfigError, Type, type DeviceInfo, type NodeContext, type NodeStatus } from '#node-api';

export const deviceField = Type.String({ default: '', title: 'Device', ...devicePicker('device') });

/** `settable`: only properties that can be set are offered (device-out). */
export function propertyField(description: string, settable = false) {
  return Type.String({ default: '', title: 'Property', description, ...devicePicker(settable ? 'settable' : 'property') });
}

/** Deploy-time check: a device node without a device does nothing useful. */
export function requireDevice(device: string): void {
  if (!device) throw new NodeConfigError('Choose a device', '/device');
}

/** The status for a device's presence; `detail` adds to an online device's text. */
export function presenceStatus(info: DeviceInfo | undefined, deviceId: string, detail = ''): NodeStatus {
  if (!info) return { fill: 'yellow', shape: 'ring', text: `device ${deviceId} not found` };
  if (!info.online) return { fill: 'red', shape: 'ring', text: `${info.name} offline` };
  return { fill: 'green', shape: 'dot', text: detail || info.name };
}

/**
 * Shows the device's presence now and on every change; the node keeps its config whatever
 * happens to the device. `detail` gives the text for an online device.
 */
export function followPresence(node: Pick<NodeContext, 'devices' | 'status'>, deviceId: string, detail: () => string = () => ''): void {
  const show = (info: DeviceInfo | undefined) => node.status(presenceStatus(info, deviceId, info?.online ? detail() : ''));
  show(node.devices.get(deviceId));
  node.devices.onPresence(deviceId, ({ info }) => show(info));
}

/** A value with its unit, for a status text. */
export function valueText(value: unknown, unit?: string): string {
  const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return unit ? `${text} ${unit}` : text;
}

// The device list for device picker fields: fetched from GET /api/devices by a reactive
// controller, shared by every field on the page and refreshed when older than a few seconds,
// so opening a form shows devices that appeared since.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeviceInfo } from '../../../server/api/contract.ts';

const FRESH_MS = 5000;
let cached: { at: number; list: Promise<DeviceInfo[]> } | undefined;

function deviceList(): Promise<DeviceInfo[]> {
  if (!cached || Date.now() - cached.at > FRESH_MS) {
    const list = fetch('/api/devices').then((r) => (r.ok ? (r.json() as Promise<DeviceInfo[]>) : Promise.reject(new Error(`HTTP ${r.status}`))));
    cached = { at: Date.now(), list };
    // A failed fetch is not kept: the next field asks again.
    list.catch(() => { cached = undefined; });
  }
  return cached.list;
}

/** Gives its host `devices` (empty until loaded) and `problem` (why they could not be loaded). */
export class DeviceCatalogController implements ReactiveController {
  devices: DeviceInfo[] = [];
  problem = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    deviceList().then(
      (list) => { this.devices = list; this.problem = ''; this.host.requestUpdate(); },
      (err: Error) => { this.problem = `Devices unavailable: ${err.message}`; this.host.requestUpdate(); },
    );
  }
}

// What dragging a device or a property from the Devices panel drops on the canvas.
import { startNodeDrag } from '../../canvas/drag-data.ts';

/** A device-in for the device (and property); Alt or Shift at the start of the drag asks for a device-out. */
export function dragDeviceNode(event: React.DragEvent, device: string, property?: string): void {
  const type = event.altKey || event.shiftKey ? 'device-out' : 'device-in';
  startNodeDrag(event, { type, config: property ? { device, property } : { device } });
}

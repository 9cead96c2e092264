// device-out: sends a command in the device's own convention. One property with a chosen
// value or msg.payload, or several at once from an object in msg.payload; every value is
// checked against its property's type and range before anything is sent.
import { defineNode, devicePicker, NodeRuntimeError, Type } from '#node-api';
import { deviceField, followPresence, propertyField, requireDevice } from '../device-in/device-config.ts';

export default defineNode({
  type: 'device-out',
  version: 1,
  category: 'devices',
  label: 'device out',
  color: '#a6dcb3',
  icon: 'bridge',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    device: deviceField,
    property: propertyField('Empty: msg.payload is an object of property values, e.g. {"state": "on", "brightness": 200}', true),
    value: Type.String({ default: '', title: 'Value', description: 'Empty: msg.payload. A switch also takes on, off and toggle.', ...devicePicker('command') }),
  }),
  create(node) {
    const { device, property, value } = node.config;
    requireDevice(device);
    followPresence(node, device);
    return {
      async input(msg) {
        const values = property ? { [property]: value !== '' ? value : msg.payload } : msg.payload;
        if (values === null || typeof values !== 'object' || Array.isArray(values)) {
          throw new NodeRuntimeError('With no property chosen, msg.payload must be an object of property values, e.g. {"state": "on"}', 'DEVICE_COMMAND_INVALID');
        }
        await node.devices.command(device, values as Record<string, unknown>);
      },
    };
  },
});

// device-state: puts a device's current state on the message: one property's value, or the
// whole device's state object when no property is chosen.
import { defineNode, NodeRuntimeError, setProperty, Type } from '#node-api';
import { deviceField, followPresence, propertyField, requireDevice } from '../device-in/device-config.ts';

export default defineNode({
  type: 'device-state',
  version: 1,
  category: 'devices',
  label: 'device state',
  color: '#a6dcb3',
  icon: 'bridge',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    device: deviceField,
    property: propertyField('Empty: the whole state, { <property>: value, ... }'),
    target: Type.String({ default: 'payload', title: 'Put it on msg.', description: 'A msg property path, e.g. payload or state.hall' }),
  }),
  create(node) {
    const { device, property, target } = node.config;
    requireDevice(device);
    followPresence(node, device);
    return {
      input(msg, send) {
        const info = node.devices.get(device);
        if (!info) throw new NodeRuntimeError(`No device with id "${device}" (removed, or not found on the broker yet)`, 'DEVICE_NOT_FOUND');
        let value: unknown = info.state;
        if (property) {
          const known = info.entities.some((e) => e.properties.some((p) => p.id === property));
          if (!known) throw new NodeRuntimeError(`Device "${info.name}" has no property "${property}"`, 'DEVICE_PROPERTY_UNKNOWN');
          value = info.state[property];
        }
        setProperty(msg, target, value);
        msg.device = device;
        msg.online = info.online;
        send(msg);
      },
    };
  },
});

// device-in: a message when a chosen property of a chosen device changes (or any property
// when none is chosen), with Home Assistant's state-trigger options.
import { defineNode, errorMessage, Type, type DeviceStateChange, devicePicker } from '#node-api';
import { deviceField, followPresence, propertyField, requireDevice, valueText } from './device-config.ts';
import { sameAs, StateTrigger } from './state-trigger.ts';

export default defineNode({
  type: 'device-in',
  version: 1,
  category: 'devices',
  label: 'device in',
  color: '#a6dcb3',
  icon: 'bridge',
  inputs: 0,
  outputs: 1,
  config: Type.Object({
    device: deviceField,
    property: propertyField('Empty: any property of the device'),
    changesOnly: Type.Boolean({ default: true, title: 'Only when the value changes', description: 'Off: also when the device repeats the value it had' }),
    from: Type.String({ default: '', title: 'From', description: 'Only when the value was this before (empty: any)', ...devicePicker('value') }),
    to: Type.String({ default: '', title: 'To', description: 'Only when the value becomes this (empty: any)', ...devicePicker('value') }),
    forSeconds: Type.Number({ default: 0, minimum: 0, title: 'For at least (seconds)', description: 'Only once the value has held this long; 0: at once' }),
  }),
  create(node) {
    const { device, property, changesOnly, from, to, forSeconds } = node.config;
    requireDevice(device);
    let last = '';
    followPresence(node, device, () => last);
    /** A chosen value in the property's type; the property may only become known later. */
    const matcher = (text: string, prop: string) => {
      if (text === '') return undefined;
      let same: ((value: unknown) => boolean) | undefined;
      return (value: unknown) => {
        try {
          same ??= sameAs(node.devices.parseValue(device, prop, text));
        } catch (err) {
          // Not a value of this property (yet): compared as text, and said once.
          node.warn(`"${text}" for ${prop}: ${errorMessage(err)}`);
          same = (v) => String(v) === text;
        }
        return same(value);
      };
    };
    const triggers = new Map<string, StateTrigger>();
    const emit = (change: DeviceStateChange) => {
      const info = node.devices.get(device);
      const unit = info?.entities.flatMap((e) => e.properties).find((p) => p.id === change.property)?.unit;
      last = valueText(change.value, unit);
      node.status({ fill: 'green', shape: 'dot', text: last });
      node.send({
        _msgid: node.newMessageId(),
        payload: change.value,
        topic: `${info?.name ?? device}/${change.property}`,
        device,
        entity: change.entity,
        property: change.property,
        previous: change.previous,
        unit,
      });
    };
    node.devices.onState(device, (change) => {
      if (property && change.property !== property) return;
      let trigger = triggers.get(change.property);
      if (!trigger) {
        trigger = new StateTrigger({ changesOnly, from: matcher(from, change.property), to: matcher(to, change.property), forMs: forSeconds * 1000 }, emit);
        triggers.set(change.property, trigger);
      }
      trigger.report(change);
    });
    return {
      close() {
        for (const trigger of triggers.values()) trigger.stop();
      },
    };
  },
});

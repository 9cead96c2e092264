// HA discovery configs without a broker: abbreviations, the ~ base topic, templates, entity
// building and device identities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandConfig } from '../../../server/devices/adapters/ha-abbreviations.ts';
import { haEntity, type HaEntity } from '../../../server/devices/adapters/ha-components.ts';
import { identitiesOf } from '../../../server/devices/adapters/homeassistant.ts';
import { renderTemplate } from '../../../server/devices/adapters/ha-template.ts';

test('abbreviated keys are expanded, in the device and availability too, and ~ fills topics at either end', () => {
  const config = expandConfig({
    '~': 'tasmota_B3C4D5', stat_t: '~/stat/POWER', cmd_t: 'cmnd/~', avty: [{ t: '~/LWT', pl_avail: 'Online' }], uniq_id: 'x',
    dev: { ids: ['A4CF12B3C4D5'], mf: 'Tasmota', mdl: 'Sonoff S31', sa: 'Kitchen' },
  });
  assert.equal(config.state_topic, 'tasmota_B3C4D5/stat/POWER');
  assert.equal(config.command_topic, 'cmnd/tasmota_B3C4D5');
  assert.deepEqual(config.availability, [{ topic: 'tasmota_B3C4D5/LWT', payload_available: 'Online' }]);
  assert.deepEqual(config.device, { identifiers: ['A4CF12B3C4D5'], manufacturer: 'Tasmota', model: 'Sonoff S31', suggested_area: 'Kitchen' });
});

test('templates read JSON state, filters work, and a template cannot reach JavaScript objects', () => {
  assert.equal(renderTemplate('{{ value_json.ENERGY.Power }}', '', { ENERGY: { Power: 12 } }), '12');
  assert.equal(renderTemplate("{{ value_json['POWER'] }}", '', { POWER: 'ON' }), 'ON');
  assert.equal(renderTemplate('{{ value | float * 2 }}', '1.5', undefined), '3.0');
  assert.equal(renderTemplate("{{ value_json.x | default('none') }}", '{}', {}), 'none');
  assert.equal(renderTemplate('{{ value_json.temperature | is_defined }}', '', { temperature: 20 }), '20');
  assert.equal(renderTemplate('{{ value_json.constructor }}{{ value.__proto__ }}', 'x', {}), '');
});

test('components become entities: a light with brightness and colour temperature, commands through its topics', () => {
  const light = haEntity('light', 'ceiling', expandConfig({
    name: 'Ceiling', stat_t: 'c/state', cmd_t: 'c/set', bri_stat_t: 'c/bri', bri_cmd_t: 'c/bri/set', bri_scl: 100,
    clr_temp_stat_t: 'c/ct', clr_temp_cmd_t: 'c/ct/set',
  })) as HaEntity;
  assert.deepEqual(light.spec.properties.map((p) => [p.key, p.type, p.max]), [['state', 'boolean', undefined], ['brightness', 'number', 100], ['color_temp', 'number', 500]]);
  assert.deepEqual(light.writers.get('state')!(true), { topic: 'c/set', payload: 'ON' });
  assert.deepEqual(light.writers.get('brightness')!(40), { topic: 'c/bri/set', payload: '40' });
  assert.equal(light.readers.find((r) => r.key === 'state')!.read('OFF', undefined), false);
});

test('a config without usable topics, or of a component Patchbay does not model, says why', () => {
  assert.equal(haEntity('switch', 's', { name: 'Nothing' }), 'it has neither a state nor a command topic');
  assert.equal(haEntity('vacuum', 'v', {}), 'component "vacuum" is not supported');
  assert.equal(haEntity('select', 's', { command_topic: 'x' }), 'a select needs "options"');
});

test('device identities: Zigbee2MQTT identifiers and zigbee connections give the IEEE address, MACs are normalised', () => {
  assert.deepEqual(identitiesOf({ identifiers: ['zigbee2mqtt_0x00158D0001A1B2C3'] }), { identities: ['ieee:0x00158d0001a1b2c3'], id: '0x00158d0001a1b2c3' });
  assert.deepEqual(identitiesOf({ identifiers: 'esp-1', connections: [['mac', '24:6F:28:AB:CD:EF']] }), { identities: ['ha:esp-1', 'mac:246f28abcdef'], id: '246f28abcdef' });
});

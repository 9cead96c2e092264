// Home Assistant MQTT discovery's abbreviated keys (homeassistant/components/mqtt/abbreviations.py)
// and the `~` base topic. Only the keys Patchbay reads are listed; unknown keys stay as they are.
import { isPlainObject } from '../../plain-object.ts';

const ABBREVIATIONS: Record<string, string> = {
  act_t: 'action_topic', act_tpl: 'action_template', avty: 'availability', avty_mode: 'availability_mode',
  avty_t: 'availability_topic', avty_tpl: 'availability_template', bri_cmd_t: 'brightness_command_topic',
  bri_cmd_tpl: 'brightness_command_template', bri_scl: 'brightness_scale', bri_stat_t: 'brightness_state_topic',
  bri_val_tpl: 'brightness_value_template', clr_temp_cmd_t: 'color_temp_command_topic',
  clr_temp_cmd_tpl: 'color_temp_command_template', clr_temp_stat_t: 'color_temp_state_topic',
  clr_temp_val_tpl: 'color_temp_value_template', cmd_t: 'command_topic', cmd_tpl: 'command_template',
  cmps: 'components', curr_hum_t: 'current_humidity_topic', curr_hum_tpl: 'current_humidity_template',
  curr_temp_t: 'current_temperature_topic', curr_temp_tpl: 'current_temperature_template', dev: 'device',
  dev_cla: 'device_class', ent_cat: 'entity_category', evt_typ: 'event_types', exp_aft: 'expire_after',
  ic: 'icon', json_attr_t: 'json_attributes_topic', max_mirs: 'max_mireds', min_mirs: 'min_mireds',
  mode_cmd_t: 'mode_command_topic', mode_cmd_tpl: 'mode_command_template', mode_stat_t: 'mode_state_topic',
  mode_stat_tpl: 'mode_state_template', o: 'origin', obj_id: 'object_id', ops: 'options', p: 'platform',
  pct_cmd_t: 'percentage_command_topic', pct_cmd_tpl: 'percentage_command_template',
  pct_stat_t: 'percentage_state_topic', pct_val_tpl: 'percentage_value_template',
  pl_avail: 'payload_available', pl_cls: 'payload_close', pl_lock: 'payload_lock',
  pl_not_avail: 'payload_not_available', pl_off: 'payload_off', pl_on: 'payload_on', pl_open: 'payload_open',
  pl_prs: 'payload_press', pl_stop: 'payload_stop', pl_unlk: 'payload_unlock', pos_t: 'position_topic',
  pos_tpl: 'position_template', pos_open: 'position_open', pos_clsd: 'position_closed',
  set_pos_t: 'set_position_topic', set_pos_tpl: 'set_position_template', spd_rng_max: 'speed_range_max',
  spd_rng_min: 'speed_range_min', stat_cla: 'state_class', stat_clsd: 'state_closed', stat_closing: 'state_closing',
  stat_locked: 'state_locked', stat_off: 'state_off', stat_on: 'state_on', stat_open: 'state_open',
  stat_opening: 'state_opening', stat_stopped: 'state_stopped', stat_t: 'state_topic', stat_tpl: 'state_template',
  stat_unlocked: 'state_unlocked', stat_val_tpl: 'state_value_template', temp_cmd_t: 'temperature_command_topic',
  temp_cmd_tpl: 'temperature_command_template', temp_stat_t: 'temperature_state_topic',
  temp_stat_tpl: 'temperature_state_template', temp_unit: 'temperature_unit', uniq_id: 'unique_id',
  unit_of_meas: 'unit_of_measurement', val_tpl: 'value_template', t: 'topic',
};

const DEVICE_ABBREVIATIONS: Record<string, string> = {
  cns: 'connections', ids: 'identifiers', mf: 'manufacturer', mdl: 'model', mdl_id: 'model_id',
  hw: 'hw_version', sw: 'sw_version', sa: 'suggested_area', cu: 'configuration_url', sn: 'serial_number',
};

/** The config with every key in its long form and `~` substituted into topics. */
export function expandConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out = expandKeys(config, ABBREVIATIONS);
  if (isPlainObject(out.device)) out.device = expandKeys(out.device, DEVICE_ABBREVIATIONS);
  if (Array.isArray(out.availability)) out.availability = out.availability.map((a) => (isPlainObject(a) ? expandKeys(a, ABBREVIATIONS) : a));
  if (isPlainObject(out.components)) {
    out.components = Object.fromEntries(Object.entries(out.components).map(([id, c]) => [id, isPlainObject(c) ? expandKeys(c, ABBREVIATIONS) : c]));
  }
  return substituteBase(out, typeof out['~'] === 'string' ? out['~'] : undefined);
}

function expandKeys(config: Record<string, unknown>, table: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) out[table[key] ?? key] = value;
  return out;
}

/** `~` at the start or end of a `*_topic` (or an availability `topic`) is the base topic. */
function substituteBase(config: Record<string, unknown>, base: string | undefined): Record<string, unknown> {
  if (base === undefined) return config;
  const sub = (value: unknown) => {
    if (typeof value !== 'string') return value;
    if (value.startsWith('~')) return base + value.slice(1);
    if (value.endsWith('~')) return value.slice(0, -1) + base;
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('_topic') || key === 'topic') out[key] = sub(value);
    else if (key === 'availability' && Array.isArray(value)) out[key] = value.map((a) => (isPlainObject(a) ? substituteBase(a, base) : a));
    else if (key === 'components' && isPlainObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([id, c]) => [id, isPlainObject(c) ? substituteBase(c, base) : c]));
    } else out[key] = value;
  }
  return out;
}

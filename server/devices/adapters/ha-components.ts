// One Home Assistant discovery config (long keys, `~` substituted) as a Patchbay entity: its
// properties, where their values come from (state topics and value templates) and how a new
// value is sent (command topics, payloads and command templates).
import type { EntityKind } from '../../node-api/devices.ts';
import { isPlainObject } from '../../plain-object.ts';
import type { EntitySpec, PropertySpec } from '../model.ts';
import { renderTemplate } from './ha-template.ts';

type Config = Record<string, unknown>;

/** Reads one property's value from a message on `topic`; undefined = nothing to report. */
export interface Reader {
  topic: string;
  key: string;
  read(text: string, json: unknown): unknown;
}

export interface Outgoing {
  topic: string;
  payload: string;
}

export interface HaEntity {
  spec: EntitySpec;
  readers: Reader[];
  writers: Map<string, (value: unknown) => Outgoing>;
}

/** Builds the entity, or says why the config can't be used. */
export function haEntity(component: string, id: string, config: Config): HaEntity | string {
  const build = BUILDERS[component];
  if (!build) return `component "${component}" is not supported`;
  const entity = new EntityBuilder(id, component, config);
  const problem = build(entity, config);
  return problem ?? entity.result();
}

/** A payload option; Zigbee2MQTT's discovery gives booleans (`payload_on: true`), HA compares them as text. */
const str = (config: Config, key: string, fallback: string): string => {
  const value = config[key];
  return typeof value === 'string' ? value : typeof value === 'boolean' || typeof value === 'number' ? String(value) : fallback;
};
const num = (config: Config, key: string, fallback: number): number => (typeof config[key] === 'number' ? config[key] : fallback);
const topicOf = (config: Config, key: string): string | undefined => (typeof config[key] === 'string' && config[key] !== '' ? config[key] : undefined);

class EntityBuilder {
  readonly properties: PropertySpec[] = [];
  readonly readers: Reader[] = [];
  readonly writers = new Map<string, (value: unknown) => Outgoing>();
  private readonly name: string;
  private readonly single: boolean;

  constructor(readonly id: string, readonly component: string, readonly config: Config) {
    this.name = typeof config.name === 'string' && config.name ? config.name : id;
    this.single = !['light', 'climate', 'cover', 'fan'].includes(component);
  }

  /** A single-value entity's property is named after the entity; others after the value. */
  key(name: string): string {
    return this.single ? this.id : name;
  }

  add(spec: Omit<PropertySpec, 'readable' | 'settable' | 'gettable' | 'name'> & { name?: string }, read?: { topic?: string; template?: unknown; map?: (text: string) => unknown }, write?: { topic?: string; template?: unknown; encode?: (value: unknown) => string }): void {
    const readable = read?.topic !== undefined;
    const settable = write?.topic !== undefined;
    if (!readable && !settable) return;
    this.properties.push({ name: this.single ? this.name : humanName(spec.key), ...spec, readable, settable, gettable: false });
    if (read?.topic) {
      const template = typeof read.template === 'string' ? read.template : undefined;
      const map = read.map ?? ((text: string) => text);
      this.readers.push({
        topic: read.topic,
        key: spec.key,
        read: (text, json) => {
          const rendered = template ? renderTemplate(template, text, json) : text;
          return rendered === '' ? undefined : map(rendered);
        },
      });
    }
    if (write?.topic) {
      const topic = write.topic;
      const template = typeof write.template === 'string' ? write.template : undefined;
      const encode = write.encode ?? ((value: unknown) => String(value));
      this.writers.set(spec.key, (value) => {
        const payload = encode(value);
        return { topic, payload: template ? renderTemplate(template, payload, undefined) : payload };
      });
    }
  }

  result(): HaEntity | string {
    if (this.properties.length === 0) return 'it has neither a state nor a command topic';
    const kind = this.component as EntityKind;
    return { spec: { id: this.id, name: this.name, kind, properties: this.properties }, readers: this.readers, writers: this.writers };
  }
}

function humanName(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A reader mapping two payloads to true/false (a rendered `True` matches `true`); anything else is not a state. */
function onOff(on: string, off: string) {
  return (text: string) => (text === on || text.toLowerCase() === on.toLowerCase() ? true : text === off || text.toLowerCase() === off.toLowerCase() ? false : undefined);
}

function numeric(text: string): unknown {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

const NUMERIC_CLASSES = new Set(['temperature', 'humidity', 'power', 'energy', 'voltage', 'current', 'battery', 'illuminance', 'pressure', 'co2', 'pm25', 'signal_strength']);

const BUILDERS: Record<string, (e: EntityBuilder, c: Config) => string | void> = {
  switch: (e, c) => {
    const on = str(c, 'payload_on', 'ON');
    const off = str(c, 'payload_off', 'OFF');
    e.add({ key: e.key('state'), type: 'boolean' },
      { topic: topicOf(c, 'state_topic'), template: c.value_template, map: onOff(str(c, 'state_on', on), str(c, 'state_off', off)) },
      { topic: topicOf(c, 'command_topic'), template: c.command_template, encode: (v) => (v ? on : off) });
  },
  binary_sensor: (e, c) => {
    e.add({ key: e.key('state'), type: 'boolean' },
      { topic: topicOf(c, 'state_topic'), template: c.value_template, map: onOff(str(c, 'payload_on', 'ON'), str(c, 'payload_off', 'OFF')) });
  },
  sensor: (e, c) => {
    const unit = typeof c.unit_of_measurement === 'string' ? c.unit_of_measurement : undefined;
    const isNumber = unit !== undefined || typeof c.state_class === 'string' || NUMERIC_CLASSES.has(String(c.device_class));
    e.add({ key: e.key('value'), type: isNumber ? 'number' : 'string', ...(unit ? { unit } : {}) },
      { topic: topicOf(c, 'state_topic'), template: c.value_template, map: isNumber ? numeric : undefined });
  },
  number: (e, c) => {
    const unit = typeof c.unit_of_measurement === 'string' ? c.unit_of_measurement : undefined;
    e.add({ key: e.key('value'), type: 'number', min: num(c, 'min', 1), max: num(c, 'max', 100), step: num(c, 'step', 1), ...(unit ? { unit } : {}) },
      { topic: topicOf(c, 'state_topic'), template: c.value_template, map: numeric },
      { topic: topicOf(c, 'command_topic'), template: c.command_template });
  },
  select: (e, c) => {
    if (!Array.isArray(c.options) || c.options.length === 0) return 'a select needs "options"';
    const values = c.options.map(String);
    e.add({ key: e.key('option'), type: 'enum', values },
      { topic: topicOf(c, 'state_topic'), template: c.value_template },
      { topic: topicOf(c, 'command_topic'), template: c.command_template });
  },
  button: (e, c) => {
    const press = str(c, 'payload_press', 'PRESS');
    e.add({ key: e.key('press'), type: 'enum', values: [press] }, undefined,
      { topic: topicOf(c, 'command_topic'), template: c.command_template });
  },
  event: (e, c) => {
    const values = Array.isArray(c.event_types) ? c.event_types.map(String) : [];
    e.add({ key: e.key('event_type'), type: 'enum', values },
      { topic: topicOf(c, 'state_topic'), template: c.value_template, map: (text) => eventType(text) });
  },
  lock: (e, c) => {
    const lock = str(c, 'payload_lock', 'LOCK');
    const unlock = str(c, 'payload_unlock', 'UNLOCK');
    e.add({ key: e.key('locked'), type: 'boolean' },
      { topic: topicOf(c, 'state_topic'), template: c.value_template, map: onOff(str(c, 'state_locked', 'LOCKED'), str(c, 'state_unlocked', 'UNLOCKED')) },
      { topic: topicOf(c, 'command_topic'), template: c.command_template, encode: (v) => (v ? lock : unlock) });
  },
  cover: (e, c) => {
    const states = [str(c, 'state_open', 'open'), str(c, 'state_closed', 'closed'), str(c, 'state_opening', 'opening'), str(c, 'state_closing', 'closing'), str(c, 'state_stopped', 'stopped')];
    e.add({ key: 'state', type: 'enum', values: states }, { topic: topicOf(c, 'state_topic'), template: c.value_template });
    const commands = [str(c, 'payload_open', 'OPEN'), str(c, 'payload_close', 'CLOSE'), str(c, 'payload_stop', 'STOP')];
    e.add({ key: 'command', type: 'enum', values: commands }, undefined, { topic: topicOf(c, 'command_topic') });
    e.add({ key: 'position', type: 'number', min: num(c, 'position_closed', 0), max: num(c, 'position_open', 100), unit: '%' },
      { topic: topicOf(c, 'position_topic'), template: c.position_template, map: numeric },
      { topic: topicOf(c, 'set_position_topic'), template: c.set_position_template });
  },
  fan: (e, c) => {
    const on = str(c, 'payload_on', 'ON');
    const off = str(c, 'payload_off', 'OFF');
    e.add({ key: 'state', type: 'boolean' },
      { topic: topicOf(c, 'state_topic'), template: c.state_value_template, map: onOff(on, off) },
      { topic: topicOf(c, 'command_topic'), template: c.command_template, encode: (v) => (v ? on : off) });
    e.add({ key: 'percentage', type: 'number', min: 0, max: 100, unit: '%' },
      { topic: topicOf(c, 'percentage_state_topic'), template: c.percentage_value_template, map: numeric },
      { topic: topicOf(c, 'percentage_command_topic'), template: c.percentage_command_template });
  },
  light: (e, c) => (c.schema === 'json' ? jsonLight(e, c) : defaultLight(e, c)),
  climate: (e, c) => {
    const unit = str(c, 'temperature_unit', '°C') === 'F' ? '°F' : '°C';
    const step = num(c, 'temp_step', num(c, 'precision', 0.5));
    e.add({ key: 'current_temperature', type: 'number', unit },
      { topic: topicOf(c, 'current_temperature_topic'), template: c.current_temperature_template, map: numeric });
    e.add({ key: 'current_humidity', type: 'number', unit: '%' },
      { topic: topicOf(c, 'current_humidity_topic'), template: c.current_humidity_template, map: numeric });
    e.add({ key: 'temperature', name: 'Target temperature', type: 'number', min: num(c, 'min_temp', 7), max: num(c, 'max_temp', 35), step, unit },
      { topic: topicOf(c, 'temperature_state_topic'), template: c.temperature_state_template, map: numeric },
      { topic: topicOf(c, 'temperature_command_topic'), template: c.temperature_command_template });
    const modes = Array.isArray(c.modes) ? c.modes.map(String) : ['auto', 'off', 'cool', 'heat', 'dry', 'fan_only'];
    e.add({ key: 'mode', type: 'enum', values: modes },
      { topic: topicOf(c, 'mode_state_topic'), template: c.mode_state_template },
      { topic: topicOf(c, 'mode_command_topic'), template: c.mode_command_template });
    e.add({ key: 'action', type: 'string' }, { topic: topicOf(c, 'action_topic'), template: c.action_template });
  },
};

function defaultLight(e: EntityBuilder, c: Config): void {
  const on = str(c, 'payload_on', 'ON');
  const off = str(c, 'payload_off', 'OFF');
  e.add({ key: 'state', type: 'boolean' },
    { topic: topicOf(c, 'state_topic'), template: c.state_value_template, map: onOff(on, off) },
    { topic: topicOf(c, 'command_topic'), encode: (v) => (v ? on : off) });
  e.add({ key: 'brightness', type: 'number', min: 0, max: num(c, 'brightness_scale', 255) },
    { topic: topicOf(c, 'brightness_state_topic'), template: c.brightness_value_template, map: numeric },
    { topic: topicOf(c, 'brightness_command_topic'), template: c.brightness_command_template });
  e.add({ key: 'color_temp', type: 'number', min: num(c, 'min_mireds', 153), max: num(c, 'max_mireds', 500), unit: 'mired' },
    { topic: topicOf(c, 'color_temp_state_topic'), template: c.color_temp_value_template, map: numeric },
    { topic: topicOf(c, 'color_temp_command_topic'), template: c.color_temp_command_template });
}

/** The JSON schema: one state topic carrying `{ state, brightness, color_temp }`, one command topic taking the same. */
function jsonLight(e: EntityBuilder, c: Config): void {
  const state = topicOf(c, 'state_topic');
  const command = topicOf(c, 'command_topic');
  const field = (key: string, map: (v: unknown) => unknown) => (text: string) => {
    try {
      const json = JSON.parse(text) as unknown;
      return isPlainObject(json) && key in json ? map(json[key]) : undefined;
    } catch {
      return undefined;
    }
  };
  const encode = (key: string, value: (v: unknown) => unknown) => (v: unknown) => JSON.stringify({ [key]: value(v) });
  e.add({ key: 'state', type: 'boolean' }, { topic: state, map: field('state', (v) => (v === 'ON' ? true : v === 'OFF' ? false : undefined)) },
    { topic: command, encode: encode('state', (v) => (v ? 'ON' : 'OFF')) });
  if (c.brightness !== false) {
    e.add({ key: 'brightness', type: 'number', min: 0, max: num(c, 'brightness_scale', 255) }, { topic: state, map: field('brightness', Number) },
      { topic: command, encode: (v) => JSON.stringify({ state: 'ON', brightness: v }) });
  }
  const modes = Array.isArray(c.supported_color_modes) ? c.supported_color_modes : [];
  if (modes.includes('color_temp') || c.color_temp === true) {
    e.add({ key: 'color_temp', type: 'number', min: num(c, 'min_mireds', 153), max: num(c, 'max_mireds', 500), unit: 'mired' },
      { topic: state, map: field('color_temp', Number) }, { topic: command, encode: (v) => JSON.stringify({ state: 'ON', color_temp: v }) });
  }
}

/** An event payload is `{"event_type": "press", ...}`. */
function eventType(text: string): unknown {
  try {
    const json = JSON.parse(text) as unknown;
    return isPlainObject(json) && typeof json.event_type === 'string' ? json.event_type : undefined;
  } catch {
    return undefined;
  }
}

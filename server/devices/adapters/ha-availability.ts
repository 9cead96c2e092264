// HA availability: one topic (`availability_topic`) or a list (`availability`), each with its
// available / not-available payloads (default online / offline) and an optional template,
// combined by `availability_mode`: latest (default), all, any.
import { isPlainObject } from '../../plain-object.ts';

export interface AvailabilitySource {
  topic: string;
  available: string;
  notAvailable: string;
  template?: string;
}

export interface Availability {
  sources: AvailabilitySource[];
  set(topic: string, online: boolean): void;
  /** undefined until a source has spoken. */
  online(): boolean | undefined;
}

export function availabilityOf(config: Record<string, unknown>): Availability | undefined {
  const sources: AvailabilitySource[] = [];
  const text = (c: Record<string, unknown>, key: string, fallback: string) => (typeof c[key] === 'string' ? c[key] : fallback);
  const add = (c: Record<string, unknown>, topic: unknown, templateKey: string) => {
    if (typeof topic !== 'string' || topic === '') return;
    sources.push({
      topic,
      available: text(c, 'payload_available', text(config, 'payload_available', 'online')),
      notAvailable: text(c, 'payload_not_available', text(config, 'payload_not_available', 'offline')),
      ...(typeof c[templateKey] === 'string' ? { template: c[templateKey] } : {}),
    });
  };
  if (Array.isArray(config.availability)) {
    for (const item of config.availability) if (isPlainObject(item)) add(item, item.topic, 'value_template');
  }
  add(config, config.availability_topic, 'availability_template');
  if (sources.length === 0) return undefined;

  const mode = config.availability_mode === 'all' || config.availability_mode === 'any' ? config.availability_mode : 'latest';
  const states = new Map<string, boolean>();
  let latest: boolean | undefined;
  return {
    sources,
    set(topic, online) {
      states.set(topic, online);
      latest = online;
    },
    online() {
      if (mode === 'latest') return latest;
      const known = sources.map((s) => states.get(s.topic));
      if (mode === 'any') return known.includes(true) ? true : known.every((k) => k === false) ? false : undefined;
      return known.every((k) => k === true) ? true : known.includes(false) ? false : undefined;
    },
  };
}

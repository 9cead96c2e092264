// `node.shared`: objects the nodes of one server share by key, made on first use.
import type { SharedCapability } from './node-api/host.ts';

export function sharedObjects(): SharedCapability {
  const objects = new Map<string, unknown>();
  return {
    get<T>(key: string, create: () => T): T {
      if (!objects.has(key)) objects.set(key, create());
      return objects.get(key) as T;
    },
  };
}

// Checks at deploy that a configured property path (e.g. "payload.value") is well formed.
import { NodeConfigError, parsePath } from '#node-api';

export function checkPropertyPath(path: string, configPath: string): void {
  try {
    parsePath(path);
  } catch (err) {
    throw new NodeConfigError((err as Error).message, configPath);
  }
}

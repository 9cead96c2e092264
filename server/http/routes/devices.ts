// The device registry over REST: the devices with their entities, properties and state, and
// commands (the editor's Devices panel tries them out).
import { Router } from 'express';
import type { DeviceCommandRequest, DeviceCommandResponse, DeviceInfo } from '../../api/contract.ts';
import type { DeviceRegistry } from '../../devices/index.ts';
import { fail } from '../../errors.ts';
import { isPlainObject } from '../../plain-object.ts';
import { jsonBody } from '../json-body.ts';
import { allow } from '../auth.ts';

/** The registry, once the server listens (it starts with the broker). */
export interface DeviceAccess {
  registry?: DeviceRegistry;
}

export function deviceRoutes(access: DeviceAccess): Router {
  const router = Router();
  router.get('/devices', allow('viewer'), (_req, res) => {
    res.json((access.registry?.list() ?? []) satisfies DeviceInfo[]);
  });
  router.get('/devices/:id', allow<{ id: string }>('viewer'), (req, res) => {
    const device = access.registry?.get(req.params.id);
    if (!device) throw fail('DEVICE_NOT_FOUND', req.params.id);
    res.json(device satisfies DeviceInfo);
  });
  router.post('/devices/:id/command', allow<{ id: string }>('admin'), async (req, res) => {
    const body = jsonBody(req);
    const values = isPlainObject(body) ? (body as Partial<DeviceCommandRequest>).values : undefined;
    if (!isPlainObject(values) || Object.keys(values).length === 0) {
      throw fail('DEVICE_COMMAND_INVALID', 'expected { "values": { "<property>": <value>, ... } }');
    }
    if (!access.registry) throw fail('DEVICE_NOT_FOUND', req.params.id);
    await access.registry.command(req.params.id, values);
    res.json({ sent: req.params.id } satisfies DeviceCommandResponse);
  });
  return router;
}

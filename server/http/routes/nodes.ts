import { resolve, sep } from 'node:path';
import { Router } from 'express';
import type { ExampleInfo, NodeCatalogue } from '../../api/contract.ts';
import { listExamples } from '../../api/examples.ts';
import { fail } from '../../errors.ts';
import type { Registry } from '../../runtime/registry.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { isPlainObject } from '../../plain-object.ts';
import { allow } from '../auth.ts';
import { editorModule } from '../../packages/editor-module.ts';

export interface NodeRouteDeps {
  registry: Registry;
  runtime: Runtime;
}

export function nodeRoutes({ registry, runtime }: NodeRouteDeps): Router {
  const router = Router();
  router.get('/nodes', allow('viewer'), (_req, res) => {
    res.json(registry.catalogue() satisfies NodeCatalogue);
  });
  // A node type's custom form element, as an ES module for the editor to import().
  router.get('/nodes/:type/editor.js', allow<{ type: string }>('viewer'), async (req, res) => {
    const type = registry.get(req.params.type);
    if (!type?.definition.editor) throw fail('NODE_TYPE_UNKNOWN', req.params.type);
    const file = resolve(type.dir, type.definition.editor);
    if (!file.startsWith(type.dir + sep)) throw fail('NODE_TYPE_UNKNOWN', req.params.type);
    res.type('text/javascript').send(await editorModule(file, type.loadedAt));
  });
  // Examples are flows to import: anyone who may read flows may read them.
  router.get('/examples', allow('viewer'), async (_req, res) => {
    res.json((await listExamples(registry)) satisfies ExampleInfo[]);
  });
  router.post('/nodes/:id/trigger', allow<{ id: string }>('admin'), async (req, res) => {
    // A body is the new state of a switch on the node (debug: `{ "active": false }`).
    await runtime.trigger(req.params.id, isPlainObject(req.body) ? req.body : undefined);
    res.json({ triggered: req.params.id });
  });
  return router;
}

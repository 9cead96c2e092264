// The "parser" palette: json (csv, xml, yaml and html come with their nodes).
import type { NodeMapping } from '../mapper.ts';
import { flag, text } from '../values.ts';

const json: NodeMapping = {
  nodeRed: 'json',
  patchbay: 'json',
  toPatchbay: (nr) => ({ config: { property: text(nr.property, 'payload'), action: ['str', 'obj'].includes(text(nr.action)) ? text(nr.action) : '', pretty: flag(nr.pretty) } }),
  toNodeRed: ({ config }) => ({ property: config.property, action: config.action, pretty: config.pretty === true }),
};

export const parserMappings: NodeMapping[] = [json];

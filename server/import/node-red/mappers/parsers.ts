// The "parser" palette: json (csv, xml, yaml and html come with their nodes).
import type { NodeMapping } from '../mapper.ts';
import { flag, text } from '../values.ts';

const json: NodeMapping = {
  nodeRed: 'json',
  patchbay: 'json',
  toPatchbay: (nr) => ({ config: { property: text(nr.property, 'payload'), action: ['str', 'obj'].includes(text(nr.action)) ? text(nr.action) : '', pretty: flag(nr.pretty) } }),
  toNodeRed: ({ config }) => ({ property: config.property, action: config.action, pretty: config.pretty === true }),
};

const yaml: NodeMapping = {
  nodeRed: 'yaml',
  patchbay: 'yaml',
  toPatchbay(nr, ctx) {
    if (text(nr.propertyOut) && nr.propertyOut !== nr.property) ctx.note('the result replaces the property itself (no separate output property)');
    return { config: { property: text(nr.property, 'payload') } };
  },
  toNodeRed: ({ config }) => ({ property: config.property }),
};

const xml: NodeMapping = {
  nodeRed: 'xml',
  patchbay: 'xml',
  toPatchbay: (nr) => ({ config: { property: text(nr.property, 'payload'), attr: text(nr.attr), chr: text(nr.chr) } }),
  toNodeRed: ({ config }) => ({ property: config.property, attr: config.attr, chr: config.chr }),
};

const html: NodeMapping = {
  nodeRed: 'html',
  patchbay: 'html',
  toPatchbay(nr, ctx) {
    let ret = text(nr.ret, 'html');
    if (!['html', 'text', 'attr'].includes(ret)) {
      ctx.note(`output "${ret}" becomes the inner HTML`);
      ret = 'html';
    }
    return { config: { property: text(nr.property, 'payload'), outproperty: text(nr.outproperty) || text(nr.property, 'payload'), tag: text(nr.tag), ret, as: nr.as === 'multi' ? 'multi' : 'single' } };
  },
  toNodeRed: ({ config }) => ({ property: config.property, outproperty: config.outproperty, tag: config.tag, ret: config.ret, as: config.as }),
};

export const parserMappings: NodeMapping[] = [json, yaml, xml, html];

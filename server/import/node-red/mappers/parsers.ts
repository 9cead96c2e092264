// The "parser" palette: json (csv, xml, yaml and html come with their nodes).
import type { NodeMapping } from '../mapper.ts';
import { flag, number, text } from '../values.ts';

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

const csv: NodeMapping = {
  nodeRed: 'csv',
  patchbay: 'csv',
  toPatchbay(nr, ctx) {
    if (text(nr.spec) !== 'rfc') ctx.note('parsed by RFC 4180 rules (Node-RED\'s legacy mode differs on unusual input)');
    const hdrout = nr.hdrout === true ? 'all' : ['all', 'once'].includes(text(nr.hdrout)) ? text(nr.hdrout) : 'none';
    return {
      config: {
        temp: text(nr.temp), sep: text(nr.sep, ',') || ',', hdrin: flag(nr.hdrin), hdrout, multi: nr.multi === 'mult' ? 'mult' : 'one',
        ret: text(nr.ret, '\\n') || '\\n', skip: Math.max(0, Math.trunc(number(nr.skip, 0, ctx, 'skip'))), strings: flag(nr.strings, true),
        include_empty_strings: flag(nr.include_empty_strings), include_null_values: flag(nr.include_null_values),
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, spec: 'rfc', skip: String(config.skip ?? 0) }),
};

export const parserMappings: NodeMapping[] = [json, yaml, xml, html, csv];

// html: extracts the elements a CSS selector matches from an HTML document (Node-RED's html
// node, with cheerio as Node-RED uses): their inner HTML, their text or their attributes.
import type { CheerioAPI } from 'cheerio';
import { checkPropertyPath, cloneMessage, defineNode, errorMessage, getProperty, type Message, NodeRuntimeError, setProperty, Type } from '#node-api';

type Extracted = string | Record<string, string>;

export default defineNode({
  type: 'html',
  version: 1,
  category: 'parser',
  label: 'html',
  color: '#debd5c',
  icon: 'parser-html',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property holding the HTML' }),
    outproperty: Type.String({ default: 'payload', title: 'Output to', description: 'Where the result goes' }),
    tag: Type.String({ default: '', title: 'Selector', description: 'A CSS selector, e.g. h1, .price, a[href]; empty = msg.select' }),
    ret: Type.Union([Type.Literal('html'), Type.Literal('text'), Type.Literal('attr')], {
      default: 'html', title: 'Output', description: 'html: the inner HTML; text: the text only; attr: an object of the attributes',
    }),
    as: Type.Union([Type.Literal('single'), Type.Literal('multi')], {
      default: 'single', title: 'As', description: 'single: one message with an array of results; multi: one message per element (a sequence)',
    }),
  }),
  async create(node) {
    const { property, outproperty, ret, as } = node.config;
    checkPropertyPath(property, '/property');
    checkPropertyPath(outproperty, '/outproperty');
    // Imported when an html node is deployed: cheerio is more code than the rest of the server's start.
    const { load } = await import('cheerio');
    return {
      input(msg, send) {
        const value = getProperty(msg, property);
        if (value === undefined) return send(msg); // nothing to read: passed on, as in Node-RED
        const selector = node.config.tag || (typeof msg.select === 'string' ? msg.select : '');
        const results = extract(load, String(value), selector, ret);
        if (as === 'single') {
          setProperty(msg, outproperty, results);
          send(msg);
          return;
        }
        // Node-RED numbers the parts by element and leaves out empty results (the gaps stay).
        const out: Message[] = [];
        results.forEach((result, index) => {
          if (!result) return;
          const part = cloneMessage(msg);
          setProperty(part, outproperty, result);
          part.parts = { id: msg._msgid, index, count: results.length, type: 'string', ch: '' };
          out.push(part);
        });
        send([out]);
      },
    };
  },
});

function extract(load: CheerioAPI['load'], html: string, selector: string, ret: 'html' | 'text' | 'attr'): Extracted[] {
  try {
    const $ = load(html, null, false);
    return $(selector).toArray().map((element): Extracted => {
      if (ret === 'text') return $(element).text();
      if (ret === 'attr') return { ...('attribs' in element ? element.attribs : {}) };
      return load(($(element).html() ?? '').trim(), null, false).xml();
    });
  } catch (err) {
    throw new NodeRuntimeError(errorMessage(err), 'HTML_SELECT_FAILED');
  }
}

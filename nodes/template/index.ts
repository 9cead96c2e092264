// template: fills a mustache (or plain text) template from the message and writes the
// result into a message, flow or global property (Node-RED's template node).
import yaml from 'js-yaml';
import { checkPropertyPath, defineNode, errorMessage, NodeRuntimeError, SCOPES, Type, writeScoped } from '#node-api';
import { checkTemplate, createRenderer } from './render.ts';

export default defineNode({
  type: 'template',
  version: 1,
  category: 'function',
  label: 'template',
  color: '#f3b567',
  icon: 'template',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    field: Type.String({ default: 'payload', title: 'Property', description: 'Where the result goes' }),
    fieldType: Type.Union(SCOPES.map((s) => Type.Literal(s)), { default: 'msg', title: 'Property type', description: 'msg, flow or global' }),
    template: Type.String({ default: 'This is the payload: {{payload}} !', title: 'Template', description: 'Empty: use msg.template' }),
    format: Type.Union(['mustache', 'html', 'json', 'yaml', 'javascript', 'css', 'markdown', 'sql', 'text'].map((f) => Type.Literal(f)), {
      default: 'mustache', title: 'Highlight as', description: 'The language the editor highlights the template in; no effect on the output',
    }),
    syntax: Type.Union([Type.Literal('mustache'), Type.Literal('plain')], { default: 'mustache', title: 'Syntax', description: 'mustache fills {{placeholders}}; plain copies the text as it is' }),
    output: Type.Union([Type.Literal('str'), Type.Literal('json'), Type.Literal('yaml')], {
      default: 'str', title: 'Output as', description: 'str: the text; json: the text parsed as JSON; yaml: the text parsed as YAML',
    }),
  }),
  create(node) {
    const { field, fieldType, template, syntax, output } = node.config;
    checkPropertyPath(field, '/field');
    if (syntax === 'mustache') checkTemplate(template, '/template');
    const render = createRenderer(node);
    const forJson = output === 'json';
    return {
      input(msg, send) {
        // As in Node-RED, msg.template is used only when the node's own template is empty.
        const source = template === '' && typeof msg.template === 'string' ? msg.template : template;
        const text = syntax === 'mustache' ? render(source, msg, forJson) : source;
        writeScoped(node, fieldType, field, msg, output === 'json' ? parseJson(text) : output === 'yaml' ? parseYaml(text) : text);
        send(msg);
      },
    };
  },
});

function parseYaml(text: string): unknown {
  try {
    return yaml.load(text);
  } catch (err) {
    throw new NodeRuntimeError(`Template result is not valid YAML: ${errorMessage(err)}`, 'TEMPLATE_YAML');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new NodeRuntimeError(`Template result is not valid JSON: ${errorMessage(err)}`, 'TEMPLATE_JSON');
  }
}

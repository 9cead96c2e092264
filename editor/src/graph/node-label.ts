// What a node is called on its card, in search results and in pick lists. Pure, no React.
import type { FlowNode, GraphDoc, NodeTypeInfo } from './types.ts';

/**
 * The label a node shows: its name; for a subflow instance its template's name (given the
 * document); for an imported placeholder the Node-RED type it stands for; else what its
 * config says (a property marked `x-node-label` in the schema, its value put into the hint's
 * `{}`: mqtt in shows its topic, debug `msg.payload`); else its type's label, else its raw type.
 */
export function nodeLabel(node: FlowNode, info: NodeTypeInfo | undefined, doc?: GraphDoc): string {
  return node.name || (doc && templateName(node, doc)) || placeholderType(node)
    || (info && configLabel(node.config, info)) || info?.label || node.type;
}

function templateName(node: FlowNode, doc: GraphDoc): string {
  if (node.type !== 'subflow-instance') return '';
  const template = doc.nodes.get(String(node.config.subflow ?? ''));
  return template ? template.name || 'subflow' : '';
}

function placeholderType(node: FlowNode): string {
  return node.type === 'unsupported' && typeof node.config.originalType === 'string' ? node.config.originalType : '';
}

function configLabel(config: Record<string, unknown>, info: NodeTypeInfo): string {
  const properties = (info.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, property] of Object.entries(properties)) {
    const template = property['x-node-label'];
    const value = key in config ? config[key] : property.default;
    if (typeof template === 'string' && typeof value === 'string' && value.trim()) return template.replace('{}', value.trim());
  }
  return '';
}

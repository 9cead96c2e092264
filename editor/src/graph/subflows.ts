// Subflow templates, groups and placeholders in the editor's document: what a canvas can open
// and what a node is called. Pure, no React.
import type { Edit, FlowNode, GraphDoc, IdGenerator } from './types.ts';

/** A tab or a subflow template: both have nodes to show on the canvas. */
export function isOpenableFlow(doc: GraphDoc, id: string): boolean {
  return doc.flows.some((f) => f.id === id) || doc.nodes.get(id)?.type === 'subflow';
}

/** The subflow templates of the document, in document order. */
export function subflowTemplates(doc: GraphDoc): FlowNode[] {
  return [...doc.nodes.values()].filter((n) => n.type === 'subflow');
}

export interface SubflowPlan {
  edits: Edit[];
  template: string;
  instance: string;
}

/**
 * Turns the selected nodes of a tab into a subflow (Node-RED's "selection to subflow"): they
 * move into a new template, and one instance takes their place. Wires coming in from outside
 * go to the instance's input; each output port that wired outside becomes an instance output.
 */
export function subflowFromSelection(doc: GraphDoc, flow: string, selected: ReadonlySet<string>, newId: IdGenerator): SubflowPlan | null {
  const inside = [...selected].map((id) => doc.nodes.get(id)).filter((n): n is FlowNode => n !== undefined && n.flow === flow);
  if (inside.length === 0) return null;
  const ids = new Set(inside.map((n) => n.id));
  const template = newId();
  const instance = newId();
  const inTargets = new Set<string>();
  const edits: Edit[] = [];
  for (const node of doc.nodes.values()) {
    if (node.flow !== flow || ids.has(node.id) || !node.wires?.some((port) => port.some((t) => ids.has(t)))) continue;
    node.wires.flat().filter((t) => ids.has(t)).forEach((t) => inTargets.add(t));
    const wires = node.wires.map((port) => [...new Set(port.map((t) => (ids.has(t) ? instance : t)))]);
    edits.push({ type: 'node:update', before: node, after: { ...node, wires } });
  }
  const outs: Array<{ source: string; port: number; targets: string[] }> = [];
  for (const node of inside) {
    const wires = (node.wires ?? []).map((port, i) => {
      const outside = port.filter((t) => !ids.has(t));
      if (outside.length) outs.push({ source: node.id, port: i, targets: outside });
      return port.filter((t) => ids.has(t));
    });
    edits.push({ type: 'node:update', before: node, after: { ...node, flow: template, ...(node.wires && { wires }) } });
  }
  const xs = inside.map((n) => n.x ?? 0);
  const ys = inside.map((n) => n.y ?? 0);
  const count = [...doc.nodes.values()].filter((n) => n.type === 'subflow').length + 1;
  edits.push({ type: 'node:add', node: { id: template, type: 'subflow', name: `Subflow ${count}`, config: {
    info: '', category: '', color: '#DDAA99', icon: '', env: [], inputLabels: [], outputLabels: [],
    in: inTargets.size ? [{ x: Math.min(...xs) - 100, y: Math.min(...ys), wires: [...inTargets].map((id) => ({ id })) }] : [],
    out: outs.map((o, i) => ({ x: Math.max(...xs) + 200, y: Math.min(...ys) + i * 40, wires: [{ id: o.source, port: o.port }] })),
    status: { x: 0, y: 0, wires: [] },
  } } });
  edits.push({ type: 'node:add', node: {
    id: instance, type: 'subflow-instance', flow, x: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length), y: Math.round(ys.reduce((a, b) => a + b, 0) / ys.length),
    config: { subflow: template, env: [], input: inTargets.size > 0, outputs: outs.length }, wires: outs.map((o) => o.targets),
  } });
  return { edits, template, instance };
}

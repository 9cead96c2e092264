// The "common" palette: inject, debug, comment, catch, status, complete, the link nodes and junctions.
import type { FlowNode } from '../../../api/contract.ts';
import type { MapContext, NodeMapping } from '../mapper.ts';
import type { NrNode } from '../types.ts';
import { flag, ids, isRecord, number, text, typed, typedOf } from '../values.ts';

const INJECT_TYPES = ['date', 'str', 'num', 'bool', 'json', 'bin', 'flow', 'global', 'env', 'jsonata'];

/** Node-RED keeps payload's and topic's values on the node, the other properties in `props`. */
const inject: NodeMapping = {
  nodeRed: 'inject',
  patchbay: 'inject',
  toPatchbay(nr, ctx) {
    const list = Array.isArray(nr.props) ? nr.props.filter(isRecord) : [{ p: 'payload' }, { p: 'topic' }];
    const names = list.map((p) => text(p.p));
    for (const missing of ['payload', 'topic'].filter((p) => !names.includes(p))) {
      ctx.note(`msg.${missing} is set too (Patchbay's inject always sets payload and topic)`);
    }
    const props = list.filter((p) => p.p !== 'payload' && p.p !== 'topic')
      .map((p) => ({ p: text(p.p), v: typed(p.v, p.vt, INJECT_TYPES, ctx, `property ${text(p.p)}`) }));
    return {
      config: {
        payload: typed(nr.payload, nr.payloadType, INJECT_TYPES, ctx, 'payload', 'date'),
        topic: text(nr.topic),
        props,
        once: flag(nr.once),
        onceDelay: number(nr.onceDelay, 0.1, ctx, 'start delay'),
        repeat: number(nr.repeat, 0, ctx, 'repeat'),
        crontab: text(nr.crontab),
      },
    };
  },
  toNodeRed({ config }) {
    const payload = typedOf(config.payload);
    const props = Array.isArray(config.props) ? config.props.filter(isRecord) : [];
    return {
      props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }, ...props.map((p) => ({ p: text(p.p), v: typedOf(p.v).value, vt: typedOf(p.v).type }))],
      repeat: config.repeat ? String(config.repeat) : '',
      crontab: text(config.crontab),
      once: config.once === true,
      onceDelay: config.onceDelay ?? 0.1,
      topic: text(config.topic),
      payload: payload.value,
      payloadType: payload.type,
    };
  },
};

/** `complete` is a property path, "true" (the whole message) or "false" (payload, old flows). */
const debug: NodeMapping = {
  nodeRed: 'debug',
  patchbay: 'debug',
  toPatchbay(nr, ctx) {
    const complete = text(nr.complete, 'payload');
    let property = complete === 'false' ? 'payload' : complete;
    if (complete === 'true' || nr.targetType === 'full') property = '';
    if (nr.targetType === 'jsonata') {
      ctx.note(`the JSONata expression "${complete}" is not evaluated; the whole message is shown`);
      property = '';
    }
    if (flag(nr.tostatus) && nr.statusType && nr.statusType !== 'auto') ctx.note('the status shows the output value, not a separate status property');
    return {
      config: {
        property,
        active: nr.active !== false && nr.tosidebar !== false,
        console: flag(nr.console),
        status: flag(nr.tostatus),
      },
    };
  },
  toNodeRed({ config }) {
    const property = text(config.property);
    return {
      active: true,
      tosidebar: config.active !== false,
      console: config.console === true,
      tostatus: config.status === true,
      complete: property === '' ? 'true' : property,
      targetType: property === '' ? 'full' : 'msg',
      statusVal: property,
      statusType: 'auto',
    };
  },
};

const comment: NodeMapping = {
  nodeRed: 'comment',
  patchbay: 'comment',
  toPatchbay: (nr) => ({ config: { info: text(nr.info) } }),
  toNodeRed: ({ config }) => ({ info: text(config.info) }),
};

/**
 * Node-RED's scope: null (the whole tab), "group" (the catch node's group) or a list of ids.
 * A group scope becomes the list of the nodes in that group, nested groups included.
 */
function scopeOf(nr: NrNode, ctx: MapContext): { scope: 'flow' | 'selected'; nodes: string[] } {
  if (Array.isArray(nr.scope)) return { scope: 'selected', nodes: ids(nr.scope) };
  if (nr.scope === 'group') {
    if (!nr.g) {
      ctx.note('the scope is "group" but the node is in no group; the whole flow is used');
      return { scope: 'flow', nodes: [] };
    }
    ctx.note('the group scope becomes the nodes in the group now; nodes added to it later are not included');
    return { scope: 'selected', nodes: groupMembers(nr.g, ctx.entries).filter((id) => id !== nr.id) };
  }
  return { scope: 'flow', nodes: [] };
}

/** Ids of the nodes in a group and in the groups nested in it. */
function groupMembers(group: string, entries: ReadonlyMap<string, NrNode>): string[] {
  const members: string[] = [];
  for (const entry of entries.values()) {
    if (entry.g !== group) continue;
    if (entry.type === 'group') members.push(...groupMembers(entry.id, entries));
    else members.push(entry.id);
  }
  return members;
}

function scopeToNodeRed(config: Record<string, unknown>): string[] | null {
  return config.scope === 'selected' ? ids(config.nodes) : null;
}

const catchNode: NodeMapping = {
  nodeRed: 'catch',
  patchbay: 'catch',
  toPatchbay: (nr, ctx) => ({ config: { ...scopeOf(nr, ctx), uncaught: flag(nr.uncaught) } }),
  toNodeRed: ({ config }) => ({ scope: scopeToNodeRed(config), uncaught: config.uncaught === true }),
};

const status: NodeMapping = {
  nodeRed: 'status',
  patchbay: 'status',
  toPatchbay: (nr, ctx) => ({ config: scopeOf(nr, ctx) }),
  toNodeRed: ({ config }) => ({ scope: scopeToNodeRed(config) }),
};

const complete: NodeMapping = {
  nodeRed: 'complete',
  patchbay: 'complete',
  toPatchbay(nr, ctx) {
    if (!Array.isArray(nr.scope)) ctx.note('no nodes are selected, so it never fires');
    return { config: { nodes: ids(nr.scope) } };
  },
  toNodeRed: ({ config }) => ({ scope: ids(config.nodes), uncaught: false }),
};

/** Link-in nodes list their link-outs too in Node-RED; Patchbay keeps the list on the sending side only. */
const linkIn: NodeMapping = {
  nodeRed: 'link in',
  patchbay: 'link-in',
  toPatchbay: () => ({ config: {} }),
  toNodeRed: () => ({ links: [] }),
};

const linkOut: NodeMapping = {
  nodeRed: 'link out',
  patchbay: 'link-out',
  toPatchbay: (nr) => ({ config: { mode: nr.mode === 'return' ? 'return' : 'link', links: ids(nr.links) } }),
  toNodeRed: ({ config }) => ({ mode: config.mode === 'return' ? 'return' : 'link', links: ids(config.links) }),
};

const linkCall: NodeMapping = {
  nodeRed: 'link call',
  patchbay: 'link-call',
  toPatchbay: (nr, ctx) => ({
    config: {
      links: ids(nr.links),
      linkType: nr.linkType === 'dynamic' ? 'dynamic' : 'static',
      timeout: number(nr.timeout, 30, ctx, 'timeout') || 30,
    },
  }),
  toNodeRed: ({ config }) => ({ links: ids(config.links), linkType: text(config.linkType, 'static'), timeout: String(config.timeout ?? 30) }),
};

const junction: NodeMapping = {
  nodeRed: 'junction',
  patchbay: 'junction',
  toPatchbay: () => ({ config: {} }),
  toNodeRed: () => ({}),
};

/** Fills link-in nodes' `links` on export: Node-RED's editor draws the virtual wires from both ends. */
export function linkInSources(nodes: readonly FlowNode[]): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.type !== 'link-out') continue;
    for (const target of ids(node.config.links)) sources.set(target, [...(sources.get(target) ?? []), node.id]);
  }
  return sources;
}

export const commonMappings: NodeMapping[] = [inject, debug, comment, catchNode, status, complete, linkIn, linkOut, linkCall, junction];

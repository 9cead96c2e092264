// Modes auto and custom (manual): collect parts into groups and send each group as one message
// when it is complete (count reached, msg.complete, or timeout).
import { cloneMessage, getProperty, type Message, type NodeHandlers, NodeRuntimeError, setProperty } from '#node-api';
import { Group, type GroupShape } from './group.ts';
import { heldSequences, type JoinNode } from './schema.ts';

/** Where a message's value goes: which group, how that group is built, how many parts complete it. */
interface Placement {
  groupId: unknown;
  shape: GroupShape;
  target: number;
  index?: number;
  key?: unknown;
}

interface Parts {
  id?: unknown;
  index?: unknown;
  count?: unknown;
  type?: unknown;
  ch?: unknown;
  len?: unknown;
  key?: unknown;
  parts?: unknown;
}

const SPLIT_TYPES = new Set(['string', 'buffer', 'array', 'object']);
const MANUAL_GROUP = '_';

/** Auto mode reads everything from msg.parts, as the split node wrote it. */
function autoPlacement(parts: Parts): Placement {
  const type = typeof parts.type === 'string' && SPLIT_TYPES.has(parts.type) ? (parts.type as GroupShape['type']) : 'array';
  const ch = parts.ch;
  const joiner = Array.isArray(ch) ? Buffer.from(ch as number[]) : typeof ch === 'string' ? ch : undefined;
  return {
    groupId: parts.id,
    shape: { type, joiner: type === 'string' && Buffer.isBuffer(joiner) ? joiner.toString() : joiner, chunked: type === 'array' && Number(parts.len) > 1 },
    target: typeof parts.count === 'number' ? parts.count : 0,
    index: typeof parts.index === 'number' ? parts.index : undefined,
    key: parts.key,
  };
}

export function sequenceJoin(node: JoinNode, manualShape: GroupShape): NodeHandlers {
  const { config } = node;
  const auto = config.mode === 'auto';
  const timeoutMs = auto ? 0 : config.timeout * 1000; // like Node-RED, auto mode has no timeout
  const property = config.propertyType === 'full' ? 'payload' : config.property;
  const groups = heldSequences<Group>(node, { rememberDropped: auto, onDrop: (group) => clearTimeout(group.timer) });

  const manualPlacement = (msg: Message, parts: Parts | undefined): Placement => ({
    groupId: MANUAL_GROUP,
    shape: manualShape,
    target: config.count || (typeof parts?.count === 'number' ? parts.count : 0),
    key: manualShape.type === 'object' ? getProperty(msg, config.key) : undefined,
  });

  const finish = (groupId: unknown, group: Group, send: (msg: Message) => void) => {
    clearTimeout(group.timer);
    const { msg } = group;
    const keep = config.accumulate && !Object.hasOwn(msg, 'complete');
    if (keep) groups.resize(groupId, group.count);
    else groups.delete(groupId);
    setProperty(msg, property, group.result());
    // Restore the parts of an outer split, if this sequence was split out of one.
    const outer = (msg.parts as Parts | undefined)?.parts;
    if (outer !== undefined) msg.parts = outer;
    else delete msg.parts;
    delete msg.complete;
    // A kept group goes on changing; what was sent must not.
    send(keep ? cloneMessage(msg) : msg);
  };

  const startTimer = (groupId: unknown, group: Group) => {
    clearTimeout(group.timer);
    if (timeoutMs > 0) group.timer = setTimeout(() => finish(groupId, group, node.send), timeoutMs);
  };

  const drop = (groupId: unknown) => {
    clearTimeout(groups.get(groupId)?.timer);
    groups.delete(groupId);
  };

  return {
    input(msg, send) {
      const parts = msg.parts !== null && typeof msg.parts === 'object' ? (msg.parts as Parts) : undefined;
      if (auto && parts?.id === undefined) {
        if (Object.hasOwn(msg, 'reset')) groups.keys().forEach(drop);
        else node.warn('Message missing msg.parts property - cannot join in auto mode');
        return;
      }
      const place = auto ? autoPlacement(parts!) : manualPlacement(msg, parts);
      if (Object.hasOwn(msg, 'reset')) {
        drop(place.groupId);
        return;
      }
      if (!groups.admit(place.groupId)) return; // a late part of a sequence dropped for room
      const complete = Object.hasOwn(msg, 'complete');
      let group = groups.get(place.groupId);
      if (group && Object.hasOwn(msg, 'restartTimeout')) startTimer(place.groupId, group);
      if (place.shape.type === 'object' && (place.key === undefined || place.key === null || place.key === '')) {
        if (auto) node.warn("Message missing 'msg.parts.key' property - cannot add to object");
        else if (!complete) node.warn(`Message missing key property 'msg.${config.key}' - cannot add to object`);
        else if (group) {
          group.msg.complete = msg.complete;
          finish(place.groupId, group, send);
        }
        return;
      }
      if (!group) {
        group = groups.open(place.groupId, new Group(place.shape));
        startTimer(place.groupId, group);
      }
      const problem = group.add(config.propertyType === 'full' ? msg : getProperty(msg, config.property), place);
      if (problem && place.shape.type === 'buffer') throw new NodeRuntimeError(problem, 'JOIN_INVALID_TYPE');
      if (problem && !complete) node.warn(problem);
      Object.assign(group.msg, msg);
      if ((place.target > 0 && group.count >= place.target) || complete) finish(place.groupId, group, send);
      else groups.resize(place.groupId, group.count); // over the node's maxParts, the oldest sequence goes
    },
    close() {
      groups.keys().forEach(drop);
    },
  };
}

// Which link-in node a call goes to: the configured one, or (dynamic) the one msg.target names.
import { NodeRuntimeError, type Message, type NodeContext } from '#node-api';

export function resolveTarget(node: NodeContext<{ linkType: 'static' | 'dynamic'; links: string[] }>, msg: Message): string {
  if (node.config.linkType === 'static') return node.config.links[0]!;
  const wanted = msg.target;
  if (typeof wanted !== 'string' || wanted === '') {
    throw new NodeRuntimeError('msg.target must be the id or name of a link-in node', 'LINK_TARGET_INVALID');
  }
  const found = node.findNodes({ type: 'link-in', idOrName: wanted });
  const byId = found.find((ref) => ref.id === wanted);
  if (byId) return byId.id;
  if (found.length === 1) return found[0]!.id;
  if (found.length === 0) throw new NodeRuntimeError(`No link-in node with id or name "${wanted}"`, 'LINK_TARGET_MISSING');
  throw new NodeRuntimeError(`${found.length} link-in nodes are named "${wanted}"; use the id`, 'LINK_TARGET_AMBIGUOUS');
}

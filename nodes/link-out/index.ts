// The sending end of a virtual wire: passes each message to the chosen link-in nodes (on any
// flow), or, in "return" mode, back to the link-call node that called this flow.
import { cloneMessage, defineNode, type Message, type NodeContext, NodeRuntimeError, Type } from '#node-api';
import { linkStack } from '../link-call/link-frame.ts';

export default defineNode({
  type: 'link-out',
  version: 1,
  category: 'common',
  label: 'link out',
  color: '#dddddd',
  icon: 'link-out',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    mode: Type.Union([Type.Literal('link'), Type.Literal('return')], {
      default: 'link',
      title: 'Mode',
      description: 'link: send to the chosen link-in nodes; return: send back to the link-call node that called this flow',
    }),
    links: Type.Array(Type.String(), { default: [], title: 'Link-in nodes', description: 'Ids of the link-in nodes to send to (link mode)' }),
  }),
  create(node) {
    const warnedMissing = new Set<string>();
    return {
      input(msg) {
        if (node.config.mode === 'return') returnToCaller(node, msg);
        else {
          // Like a wire fanning out: the first target gets the message, every other one a copy.
          node.config.links.forEach((id, i) => {
            if (node.deliverTo(id, i === 0 ? msg : cloneMessage(msg)) || warnedMissing.has(id)) return;
            warnedMissing.add(id);
            node.warn(`link-in node "${id}" is not deployed`);
          });
        }
      },
    };
  },
});

/** Sends the message to the link-call node of the innermost call, which pops the frame. */
function returnToCaller(node: NodeContext<unknown>, msg: Message): void {
  const frame = linkStack(msg._linkSource)?.at(-1);
  if (!frame) throw new NodeRuntimeError('Nothing to return to: the message did not come from a link-call node', 'LINK_NO_CALLER');
  frame.returning = true;
  if (!node.deliverTo(frame.id, msg)) throw new NodeRuntimeError(`The calling link-call node "${frame.id}" is not deployed`, 'LINK_CALLER_GONE');
}

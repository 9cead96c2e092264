// Calls a flow that starts at a link-in node and waits for a link-out in "return" mode to send
// the message back, then passes it on (Node-RED's link call). Calls nest and may recurse.
import { cloneMessage, defineNode, type Message, NodeConfigError, NodeRuntimeError, setLongTimeout, type Timer, Type } from '#node-api';
import { linkStack, type LinkFrame } from './link-frame.ts';
import { resolveTarget } from './target.ts';

interface PendingCall {
  timer: Timer;
  done: () => void;
}

export default defineNode({
  type: 'link-call',
  version: 1,
  category: 'common',
  label: 'link call',
  color: '#dddddd',
  icon: 'link-call',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    links: Type.Array(Type.String(), { default: [], title: 'Link-in node', description: 'Id of the link-in node to call (fixed target)' }),
    linkType: Type.Union([Type.Literal('static'), Type.Literal('dynamic')], {
      default: 'static',
      title: 'Target',
      description: 'static: the chosen link-in node; dynamic: the link-in whose id or name is in msg.target',
    }),
    timeout: Type.Number({ default: 30, exclusiveMinimum: 0, title: 'Timeout (s)', description: 'Report an error if no response arrives within this time' }),
  }),
  create(node) {
    const { config } = node;
    if (config.linkType === 'static' && config.links.length !== 1) {
      throw new NodeConfigError('Choose the one link-in node to call', '/links');
    }
    const pending = new Map<string, PendingCall>();

    const timedOut = (msg: Message, frame: LinkFrame) => {
      pending.delete(frame.call);
      // Report the message as the caller sent it: without this call's frame.
      const reported = cloneMessage(msg);
      const stack = linkStack(reported._linkSource)?.filter((f) => f.call !== frame.call) ?? [];
      if (stack.length > 0) reported._linkSource = stack;
      else delete reported._linkSource;
      node.error(new NodeRuntimeError(`No response within ${config.timeout} s`, 'LINK_CALL_TIMEOUT'), reported);
    };

    const call = (msg: Message, done: () => void) => {
      const target = resolveTarget(node, msg);
      const frame: LinkFrame = { id: node.id, call: node.newMessageId() };
      const stack = linkStack(msg._linkSource) ?? [];
      msg._linkSource = [...stack, frame];
      pending.set(frame.call, { done, timer: setLongTimeout(config.timeout * 1000, () => timedOut(msg, frame)) });
      if (node.deliverTo(target, msg)) return;
      pending.get(frame.call)!.timer.cancel();
      pending.delete(frame.call);
      if (stack.length > 0) msg._linkSource = stack;
      else delete msg._linkSource;
      throw new NodeRuntimeError(`link-in node "${target}" is not deployed`, 'LINK_TARGET_MISSING');
    };

    const returned = (msg: Message, stack: LinkFrame[], send: (msg: Message) => void) => {
      const frame = stack.at(-1)!;
      const waiting = pending.get(frame.call);
      if (!waiting) {
        node.warn('A response arrived after its call had timed out or already returned; it was dropped');
        return;
      }
      pending.delete(frame.call);
      waiting.timer.cancel();
      if (stack.length > 1) msg._linkSource = stack.slice(0, -1);
      else delete msg._linkSource;
      send(msg);
      waiting.done(); // the call is complete now
    };

    return {
      input(msg, send, done) {
        const stack = linkStack(msg._linkSource);
        const top = stack?.at(-1);
        // A return completes the original call; the returning delivery itself is not a new
        // message for this node, so its `done` is deliberately not called.
        if (top?.id === node.id && top.returning) returned(msg, stack!, send);
        else call(msg, done); // a throw reaches done(err) through the runtime
      },
      close() {
        for (const waiting of pending.values()) waiting.timer.cancel();
        pending.clear();
      },
    };
  },
});

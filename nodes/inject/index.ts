// inject: starts a flow with a message, by the editor's button, once after deploy, every N
// seconds or on a cron schedule (Node-RED's inject node).
import { defineNode, NodeRuntimeError, showWhen, Type, typedValue, type TypedValueType } from '#node-api';
import { compileMessage } from './message.ts';
import { hasSchedule, MAX_TIMER_S, startSchedule } from './schedule.ts';

// Every typed-value type but `msg`: there is no incoming message to read from.
const VALUE_TYPES: TypedValueType[] = ['date', 'str', 'num', 'bool', 'json', 'bin', 'flow', 'global', 'env', 'jsonata'];

export default defineNode({
  type: 'inject',
  version: 1,
  category: 'common',
  label: 'inject',
  color: '#a6bbcf',
  icon: 'inject',
  inputs: 0,
  outputs: 1,
  button: true,
  config: Type.Object({
    payload: {
      ...typedValue(VALUE_TYPES, { type: 'date', value: '' }),
      title: 'Payload',
      description: 'msg.payload; "date" is the current time in milliseconds since the epoch',
    },
    topic: Type.String({ default: '', title: 'Topic', description: 'msg.topic' }),
    props: Type.Array(Type.Object({
      p: Type.String({ default: '', title: 'Property', description: 'Path of a msg property, e.g. count or data.source' }),
      v: { ...typedValue(VALUE_TYPES, { type: 'str', value: '' }), title: 'Value' },
    }), { default: [], title: 'Other properties', description: 'Set after payload and topic, in order; may override them' }),
    once: Type.Boolean({ default: false, title: 'Inject once after start' }),
    onceDelay: Type.Number({
      default: 0.1, minimum: 0, maximum: MAX_TIMER_S, title: 'Start delay (s)', description: 'Wait before the "once" message (0 = 0.1 s)',
      ...showWhen({ once: [true] }),
    }),
    repeat: Type.Number({
      default: 0, minimum: 0, maximum: MAX_TIMER_S, title: 'Repeat every (s)',
      description: '0 = no repeat. With "once", the repeat starts after the first message',
    }),
    crontab: Type.String({
      default: '', title: 'Cron schedule',
      description: 'e.g. "*/5 * * * *" every 5 minutes, "0 8 * * 1-5" at 08:00 on weekdays; 6 fields put seconds first. Empty = none',
    }),
  }),
  create(node) {
    const build = compileMessage(node.config, node);
    const inject = async () => {
      const { msg, errors } = await build();
      if (node.signal.aborted) return;
      if (errors.length) node.error(new NodeRuntimeError(errors.join('; '), 'INJECT_PROPERTY_FAILED'), msg);
      else node.send(msg);
    };
    // Nothing to stop for a node that only waits for its button, the most common kind: in a big
    // flow, a timer-less schedule's closures would add up.
    if (!hasSchedule(node.config)) return { trigger: inject };
    const schedule = startSchedule(node.config, () => {
      inject().catch((err: unknown) => node.error(err));
    });
    return {
      trigger: inject,
      close: () => schedule.stop(),
    };
  },
});

// The delay node's config schema, apart from index.ts so the mode files can use its type.
import { showWhen, Type, type NodeContext, type Static } from '#node-api';

const literals = <T extends string>(values: readonly T[], options: Record<string, unknown>) =>
  Type.Union(values.map((v) => Type.Literal(v)), options);

const DELAY_UNITS = ['milliseconds', 'seconds', 'minutes', 'hours', 'days'] as const;
const RATE_UNITS = ['second', 'minute', 'hour', 'day'] as const;

// The modes each field applies to, for the editor to show only those (Node-RED's form does the same).
const DELAY = showWhen({ pauseType: ['delay', 'delayv'] });
const RANDOM = showWhen({ pauseType: ['random'] });
const RATE_LIMIT = showWhen({ pauseType: ['rate', 'queue', 'timed'] });

export const delayConfig = Type.Object({
  pauseType: literals(['delay', 'delayv', 'random', 'rate', 'queue', 'timed'] as const, {
    default: 'delay',
    title: 'Action',
    description: 'delay: fixed delay; delayv: msg.delay overrides the delay; random: a random delay; '
      + 'rate: rate limit all messages; queue: rate limit per topic, releasing one topic each interval; '
      + 'timed: rate limit per topic, releasing the latest message of every topic each interval',
  }),
  timeout: Type.Number({ default: 5, minimum: 0, title: 'Delay', description: 'Delay for "delay" and the default for "delayv"', ...DELAY }),
  timeoutUnits: literals(DELAY_UNITS, { default: 'seconds', title: 'Delay units', ...DELAY }),
  randomFirst: Type.Number({ default: 1, minimum: 0, title: 'Random from', description: 'Shortest random delay', ...RANDOM }),
  randomLast: Type.Number({ default: 5, minimum: 0, title: 'Random to', description: 'Longest random delay', ...RANDOM }),
  randomUnits: literals(DELAY_UNITS, { default: 'seconds', title: 'Random units', ...RANDOM }),
  rate: Type.Number({ default: 1, exclusiveMinimum: 0, title: 'Rate', description: 'Messages per period', ...RATE_LIMIT }),
  nbRateUnits: Type.Number({ default: 1, exclusiveMinimum: 0, title: 'Period', description: 'Length of the period, in rate units', ...RATE_LIMIT }),
  rateUnits: literals(RATE_UNITS, { default: 'second', title: 'Rate units', ...RATE_LIMIT }),
  drop: Type.Boolean({ default: false, title: 'Drop intermediate messages', description: 'Rate limit: drop messages that arrive too early instead of queueing them', ...showWhen({ pauseType: ['rate'] }) }),
  outputs: Type.Union([Type.Literal(1), Type.Literal(2)], {
    default: 1,
    title: 'Outputs',
    description: '2: messages the rate limit drops (rate with drop; a per-topic message replaced by a newer one) leave on a second output instead of vanishing',
    ...RATE_LIMIT,
  }),
  allowrate: Type.Boolean({ default: false, title: 'Allow msg.rate to override the rate', description: 'msg.rate (milliseconds between messages) replaces the configured rate until reset', ...RATE_LIMIT }),
  maxQueue: Type.Integer({ default: 10000, minimum: 0, title: 'Queue limit', description: 'Most messages (per-topic modes: topics) held at once; beyond it the oldest is dropped, counted in the status and warned about. 0 = no limit' }),
});

export type DelayConfig = Static<typeof delayConfig>;
export type DelayNode = NodeContext<DelayConfig>;

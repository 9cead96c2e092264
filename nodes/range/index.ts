// range: maps a number from one range onto another (Node-RED's range node).
import { checkPropertyPath, defineNode, getProperty, NodeConfigError, NodeRuntimeError, setProperty, Type } from '#node-api';
import { scale } from './scale.ts';

export default defineNode({
  type: 'range',
  version: 1,
  category: 'function',
  label: 'range',
  color: '#e2d96e',
  icon: 'range',
  inputs: 1,
  outputs: 1,
  config: Type.Object({
    minin: Type.Number({ default: 0, title: 'Input from', description: 'One end of the input range' }),
    maxin: Type.Number({ default: 100, title: 'Input to', description: 'The other end of the input range' }),
    minout: Type.Number({ default: 0, title: 'Output from', description: 'Where "input from" maps to' }),
    maxout: Type.Number({ default: 1, title: 'Output to', description: 'Where "input to" maps to' }),
    action: Type.Union([Type.Literal('scale'), Type.Literal('clamp'), Type.Literal('roll'), Type.Literal('drop')], {
      default: 'scale',
      title: 'Action',
      description: 'scale: map linearly; clamp: scale and limit to the output range; roll: scale and wrap within the output range; drop: scale, but drop messages outside the input range',
    }),
    round: Type.Boolean({ default: false, title: 'Round', description: 'Round the result to the nearest integer' }),
    property: Type.String({ default: 'payload', title: 'Property', description: 'The message property holding the number' }),
  }),
  create(node) {
    const { action, round, property, ...ranges } = node.config;
    checkPropertyPath(property, '/property');
    if (ranges.minin === ranges.maxin) throw new NodeConfigError('The input range is empty: "from" and "to" are equal', '/maxin');
    return {
      input(msg, send) {
        const value = getProperty(msg, property);
        if (value === undefined) return send(msg); // nothing to scale: passed on, as in Node-RED
        const n = toNumber(value);
        if (n === undefined) throw new NodeRuntimeError(`Not a number: ${JSON.stringify(value) ?? String(value)}`, 'RANGE_NOT_A_NUMBER');
        const scaled = scale(n, action, ranges);
        if (scaled === undefined) return;
        setProperty(msg, property, round ? Math.round(scaled) : scaled);
        send(msg);
      },
    };
  },
});

/** A finite number, or a string that is one ("12.5"); anything else is not a number here. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

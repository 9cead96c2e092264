// The "sequence" palette: split and join (sort and batch come with their nodes).
import type { NodeMapping } from '../mapper.ts';
import { flag, number, text } from '../values.ts';

const split: NodeMapping = {
  nodeRed: 'split',
  patchbay: 'split',
  toPatchbay(nr, ctx) {
    if (nr.arraySpltType && nr.arraySpltType !== 'len') ctx.note(`array split type "${text(nr.arraySpltType)}" is read as a length`);
    return {
      config: {
        property: text(nr.property, 'payload'),
        splt: text(nr.splt, '\\n'),
        spltType: text(nr.spltType, 'str'),
        stream: flag(nr.stream),
        arraySplt: Math.max(1, Math.trunc(number(nr.arraySplt, 1, ctx, 'array split'))),
        addname: text(nr.addname),
      },
    };
  },
  toNodeRed: ({ config }) => ({
    splt: config.splt, spltType: config.spltType, arraySplt: config.arraySplt, arraySpltType: 'len',
    stream: config.stream === true, addname: config.addname, property: config.property,
  }),
};

const join: NodeMapping = {
  nodeRed: 'join',
  patchbay: 'join',
  toPatchbay(nr, ctx) {
    if (flag(nr.useparts)) ctx.note('"use existing msg.parts" is how manual mode reads parts anyway');
    return {
      config: {
        mode: text(nr.mode, 'auto'),
        build: text(nr.build, 'array'),
        property: text(nr.property, 'payload'),
        propertyType: nr.propertyType === 'full' ? 'full' : 'msg',
        key: text(nr.key, 'topic'),
        joiner: text(nr.joiner, '\\n'),
        joinerType: nr.joinerType === 'bin' ? 'bin' : 'str',
        accumulate: flag(nr.accumulate),
        timeout: number(nr.timeout, 0, ctx, 'timeout'),
        count: Math.max(0, Math.trunc(number(nr.count, 0, ctx, 'count'))),
        reduceExp: text(nr.reduceExp),
        reduceInit: text(nr.reduceInit, '0'),
        reduceInitType: text(nr.reduceInitType, 'num'),
        reduceRight: flag(nr.reduceRight),
        reduceFixup: text(nr.reduceFixup),
      },
    };
  },
  toNodeRed: ({ config }) => ({
    ...config,
    timeout: config.timeout ? String(config.timeout) : '',
    count: config.count ? String(config.count) : '',
    accumulate: config.accumulate === true,
    useparts: config.mode === 'custom',
  }),
};

const sort: NodeMapping = {
  nodeRed: 'sort',
  patchbay: 'sort',
  toPatchbay: (nr) => ({
    config: {
      targetType: nr.targetType === 'seq' ? 'seq' : 'msg',
      target: text(nr.target, 'payload'),
      msgKeyType: nr.msgKeyType === 'jsonata' ? 'jsonata' : 'elem',
      msgKey: text(nr.msgKey, 'payload'),
      seqKeyType: nr.seqKeyType === 'jsonata' ? 'jsonata' : 'msg',
      seqKey: text(nr.seqKey, 'payload'),
      order: nr.order === 'descending' ? 'descending' : 'ascending',
      as_num: flag(nr.as_num),
    },
  }),
  toNodeRed: ({ config }) => ({ ...config }),
};

const batch: NodeMapping = {
  nodeRed: 'batch',
  patchbay: 'batch',
  toPatchbay: (nr, ctx) => ({
    config: {
      mode: ['interval', 'concat'].includes(text(nr.mode)) ? text(nr.mode) : 'count',
      count: Math.max(1, Math.trunc(number(nr.count, 10, ctx, 'count'))),
      overlap: Math.max(0, Math.trunc(number(nr.overlap, 0, ctx, 'overlap'))),
      interval: number(nr.interval, 10, ctx, 'interval') || 10,
      allowEmptySequence: flag(nr.allowEmptySequence),
      topics: Array.isArray(nr.topics) ? nr.topics.map((t) => ({ topic: text((t as { topic?: unknown })?.topic) })) : [],
    },
  }),
  toNodeRed: ({ config }) => ({ ...config, count: String(config.count), overlap: String(config.overlap), interval: String(config.interval) }),
};

export const sequenceMappings: NodeMapping[] = [split, join, sort, batch];

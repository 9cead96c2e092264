// The "function" palette: function, switch, change, range, template, delay, trigger and filter (rbe).
import type { NodeMapping } from '../mapper.ts';
import { flag, isRecord, number, text, typed, typedOf } from '../values.ts';

const TYPED = ['str', 'num', 'bool', 'json', 'date', 'bin', 'msg', 'flow', 'global', 'env', 'jsonata'];

const functionNode: NodeMapping = {
  nodeRed: 'function',
  patchbay: 'function',
  toPatchbay(nr, ctx) {
    const libs = Array.isArray(nr.libs) ? nr.libs.filter(isRecord) : [];
    if (libs.length) ctx.note(`modules are not available to function code: ${libs.map((l) => `${text(l.var)} = ${text(l.module)}`).join(', ')}`);
    return {
      config: {
        code: text(nr.func, 'return msg;'),
        outputs: number(nr.outputs, 1, ctx, 'outputs'),
        initialize: text(nr.initialize),
        finalize: text(nr.finalize),
        timeout: number(nr.timeout, 0, ctx, 'timeout'),
      },
    };
  },
  toNodeRed: ({ config }) => ({
    func: text(config.code), outputs: config.outputs ?? 1, timeout: config.timeout ?? 0, noerr: 0,
    initialize: text(config.initialize), finalize: text(config.finalize), libs: [],
  }),
};

const SWITCH_OPERANDS = [...TYPED, 'prev', 're', 'string', 'number', 'boolean', 'array', 'buffer', 'object', 'null', 'undefined'];

const switchNode: NodeMapping = {
  nodeRed: 'switch',
  patchbay: 'switch',
  toPatchbay(nr, ctx) {
    const rules = (Array.isArray(nr.rules) ? nr.rules.filter(isRecord) : []).map((rule, i) => {
      const v = typed(rule.v, rule.vt, SWITCH_OPERANDS, ctx, `rule ${i + 1}`);
      const v2 = typed(rule.v2, rule.v2t, SWITCH_OPERANDS, ctx, `rule ${i + 1} (second value)`, 'num');
      return { t: text(rule.t, 'eq'), v: v.value, vt: v.type, v2: v2.value, v2t: v2.type, case: flag(rule.case) };
    });
    return {
      config: {
        property: text(nr.property, 'payload'),
        propertyType: text(nr.propertyType, 'msg'),
        rules,
        checkall: flag(nr.checkall, true),
        repair: flag(nr.repair),
      },
    };
  },
  toNodeRed({ config }) {
    const rules = Array.isArray(config.rules) ? config.rules.filter(isRecord) : [];
    return {
      property: text(config.property, 'payload'),
      propertyType: text(config.propertyType, 'msg'),
      rules: rules.map((r) => ({ t: r.t, v: r.v, vt: r.vt, ...(r.t === 'btwn' || r.t === 'index' ? { v2: r.v2, v2t: r.v2t } : {}), ...(r.t === 'regex' ? { case: r.case === true } : {}) })),
      checkall: String(config.checkall !== false && config.checkall !== 'false'),
      repair: config.repair === true,
      outputs: rules.length,
    };
  },
};

const SEARCH = ['str', 'num', 'bool', 're', 'msg', 'flow', 'global'];
const ACTIONS = ['set', 'change', 'delete', 'move'];

const change: NodeMapping = {
  nodeRed: 'change',
  patchbay: 'change',
  toPatchbay(nr, ctx) {
    if (!Array.isArray(nr.rules)) {
      ctx.note('an old-style change node (before rules); its single action is converted');
      return { config: { rules: [{ t: nr.action === 'delete' ? 'delete' : nr.action === 'change' ? 'change' : 'set', p: text(nr.property, 'payload'), pt: 'msg', to: { type: 'str', value: text(nr.to) }, from: { type: flag(nr.reg) ? 're' : 'str', value: text(nr.from) }, deep: false }] } };
    }
    const rules = nr.rules.filter(isRecord).map((rule, i) => {
      const t = ACTIONS.includes(text(rule.t)) ? text(rule.t) : 'set';
      return {
        t,
        p: text(rule.p, 'payload'),
        pt: text(rule.pt, 'msg'),
        to: typed(rule.to, rule.tot, TYPED, ctx, `rule ${i + 1}`),
        from: t === 'change' ? typed(rule.from, rule.fromt, SEARCH, ctx, `rule ${i + 1} (search)`) : { type: 'str', value: '' },
        deep: flag(rule.dc),
      };
    });
    return { config: { rules } };
  },
  toNodeRed({ config }) {
    const rules = Array.isArray(config.rules) ? config.rules.filter(isRecord) : [];
    return {
      rules: rules.map((r) => {
        const to = typedOf(r.to);
        const from = typedOf(r.from);
        const base = { t: r.t, p: r.p, pt: r.pt };
        if (r.t === 'delete') return base;
        if (r.t === 'change') return { ...base, from: from.value, fromt: from.type, to: to.value, tot: to.type };
        return { ...base, to: to.value, tot: to.type, ...(r.t === 'set' ? { dc: r.deep === true } : {}) };
      }),
      action: '', property: '', from: '', to: '', reg: false,
    };
  },
};

const range: NodeMapping = {
  nodeRed: 'range',
  patchbay: 'range',
  toPatchbay: (nr, ctx) => ({
    config: {
      minin: number(nr.minin, 0, ctx, 'input from'),
      maxin: number(nr.maxin, 100, ctx, 'input to'),
      minout: number(nr.minout, 0, ctx, 'output from'),
      maxout: number(nr.maxout, 1, ctx, 'output to'),
      action: text(nr.action, 'scale'),
      round: flag(nr.round),
      property: text(nr.property, 'payload'),
    },
  }),
  toNodeRed: ({ config }) => ({
    minin: String(config.minin), maxin: String(config.maxin), minout: String(config.minout), maxout: String(config.maxout),
    action: config.action, round: config.round === true, property: config.property,
  }),
};

const FORMATS = ['html', 'json', 'yaml', 'javascript', 'css', 'markdown', 'sql', 'text'];

/** Only how the editor highlights the template; Node-RED calls mustache "handlebars". */
function templateFormat(format: string): string {
  if (format === 'handlebars') return 'mustache';
  return FORMATS.includes(format) ? format : 'text';
}

const template: NodeMapping = {
  nodeRed: 'template',
  patchbay: 'template',
  toPatchbay: (nr) => ({
    config: {
      field: text(nr.field, 'payload'),
      fieldType: text(nr.fieldType, 'msg'),
      template: text(nr.template),
      format: templateFormat(text(nr.format, 'handlebars')),
      syntax: nr.syntax === 'plain' ? 'plain' : 'mustache',
      output: ['json', 'yaml'].includes(text(nr.output)) ? text(nr.output) : 'str',
    },
  }),
  toNodeRed: ({ config }) => ({
    field: config.field, fieldType: config.fieldType, template: config.template,
    format: config.format === 'mustache' ? 'handlebars' : config.format, syntax: config.syntax, output: config.output,
  }),
};

const DELAY_NUMBERS = { timeout: 5, rate: 1, nbRateUnits: 1, randomFirst: 1, randomLast: 5 } as const;

const delay: NodeMapping = {
  nodeRed: 'delay',
  patchbay: 'delay',
  toPatchbay(nr, ctx) {
    const config: Record<string, unknown> = {
      pauseType: text(nr.pauseType, 'delay'),
      timeoutUnits: text(nr.timeoutUnits, 'seconds'),
      rateUnits: text(nr.rateUnits, 'second'),
      randomUnits: text(nr.randomUnits, 'seconds'),
      drop: flag(nr.drop),
      allowrate: flag(nr.allowrate),
      outputs: number(nr.outputs, 1, ctx, 'outputs') === 2 ? 2 : 1,
    };
    for (const [key, fallback] of Object.entries(DELAY_NUMBERS)) config[key] = number(nr[key], fallback, ctx, key);
    return { config };
  },
  toNodeRed({ config }) {
    const out: Record<string, unknown> = {
      pauseType: config.pauseType, timeoutUnits: config.timeoutUnits, rateUnits: config.rateUnits, randomUnits: config.randomUnits,
      drop: config.drop === true, allowrate: config.allowrate === true, outputs: config.outputs ?? 1,
    };
    for (const key of Object.keys(DELAY_NUMBERS)) out[key] = String(config[key] ?? DELAY_NUMBERS[key as keyof typeof DELAY_NUMBERS]);
    return out;
  },
};

const TRIGGER = ['str', 'num', 'bool', 'json', 'bin', 'date', 'msg', 'flow', 'global', 'env', 'nul'];

/** Node-RED's "pay" keeps the incoming payload; "val" is an old spelling of str/bool/null. */
function triggerValue(value: unknown, type: unknown, ctx: Parameters<NodeMapping['toPatchbay']>[1], what: string, second: boolean) {
  if (type === 'pay') return { type: 'msg', value: 'payload' };
  if (type === 'payl' && second) return { type: 'payl', value: '' };
  if (type === 'val') {
    const v = text(value);
    if (v === 'true' || v === 'false') return { type: 'bool', value: v };
    if (v === 'null') return { type: 'json', value: 'null' };
    return { type: 'str', value: v };
  }
  return typed(value, type, TRIGGER, ctx, what);
}

const trigger: NodeMapping = {
  nodeRed: 'trigger',
  patchbay: 'trigger',
  toPatchbay: (nr, ctx) => ({
    config: {
      op1: triggerValue(nr.op1 ?? '1', nr.op1type, ctx, 'send', false),
      op2: triggerValue(nr.op2 ?? '0', nr.op2type, ctx, 'then send', true),
      duration: number(nr.duration, 250, ctx, 'duration'),
      units: text(nr.units, 'ms'),
      extend: flag(nr.extend),
      overrideDelay: flag(nr.overrideDelay),
      reset: text(nr.reset),
      bytopic: nr.bytopic === 'topic' ? 'topic' : 'all',
      topic: text(nr.topic, 'topic'),
      outputs: number(nr.outputs, 1, ctx, 'outputs') === 2 ? 2 : 1,
    },
  }),
  toNodeRed({ config }) {
    const op1 = typedOf(config.op1);
    const op2 = typedOf(config.op2);
    return {
      op1: op1.value, op1type: op1.type === 'msg' && op1.value === 'payload' ? 'pay' : op1.type,
      op2: op2.value, op2type: op2.type,
      duration: String(config.duration), units: config.units, extend: config.extend === true, overrideDelay: config.overrideDelay === true,
      reset: config.reset, bytopic: config.bytopic, topic: config.topic, outputs: config.outputs ?? 1,
    };
  },
};

const rbe: NodeMapping = {
  nodeRed: 'rbe',
  patchbay: 'filter',
  toPatchbay: (nr) => ({
    config: {
      func: text(nr.func, 'rbe'),
      gap: text(nr.gap),
      start: text(nr.start),
      inout: nr.inout === 'in' ? 'in' : 'out',
      septopics: flag(nr.septopics, true),
      property: text(nr.property, 'payload'),
      topi: text(nr.topi, 'topic'),
    },
  }),
  toNodeRed: ({ config }) => ({ ...config }),
};

/** Node-RED's addpay was a boolean (payload or nothing) before 1.0, a property name since. */
const exec: NodeMapping = {
  nodeRed: 'exec',
  patchbay: 'exec',
  toPatchbay(nr, ctx) {
    ctx.note('runs only when the settings allow commands (execEnabled)');
    if (flag(nr.winHide)) ctx.note('"hide console window" applies to Windows only');
    const addpay = nr.addpay === true || nr.addpay === 'true' ? 'payload' : nr.addpay === false || nr.addpay === 'false' ? '' : text(nr.addpay);
    return {
      config: {
        command: text(nr.command), addpay, append: text(nr.append), useSpawn: flag(nr.useSpawn),
        timer: number(nr.timer, 0, ctx, 'timeout'), oldrc: flag(nr.oldrc),
      },
    };
  },
  toNodeRed: ({ config }) => ({ ...config, useSpawn: String(config.useSpawn === true), timer: config.timer ? String(config.timer) : '', winHide: false }),
};

export const functionMappings: NodeMapping[] = [functionNode, switchNode, change, range, template, delay, trigger, rbe, exec];

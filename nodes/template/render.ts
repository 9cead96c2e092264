// Mustache rendering with Node-RED's lookups: a name is looked up in the message first;
// `flow.x`, `global.x` (or `flow[store].x` for a named context store) and `env.NAME` fall back
// to flow/global context and the environment.
import Mustache from 'mustache';
import { errorMessage, type Message, NodeConfigError, type NodeContext, NodeRuntimeError, parsePath } from '#node-api';

type Fallback = (name: string) => unknown;

/** A mustache context whose misses go to `fallback`, in every section it pushes. */
class MessageContext extends Mustache.Context {
  constructor(view: unknown, parent: Mustache.Context | undefined, private readonly fallback: Fallback, private readonly forJson: boolean) {
    super(view, parent);
  }

  override push(view: unknown): Mustache.Context {
    return new MessageContext(view, this, this.fallback, this.forJson);
  }

  override lookup(name: string): unknown {
    const found: unknown = super.lookup(name);
    const value = found === undefined ? this.fallback(name) : found;
    return this.forJson && typeof value === 'string' ? escapeForJson(value) : value;
  }
}

/** Keeps a string that holds control characters or backslashes valid inside a JSON string. */
function escapeForJson(text: string): string {
  return text.replace(/[\\\n\t\r\f\b]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function contextFallback(node: NodeContext): Fallback {
  return (name) => {
    const env = /^env\.(.+)$/.exec(name);
    if (env) return node.env.get(env[1]!);
    const match = /^(flow|global)(?:\[(\w+)\])?\.(.+)$/.exec(name);
    if (!match) return undefined;
    const [, scope, store, path] = match;
    try {
      parsePath(path!);
    } catch {
      return undefined; // a name that isn't a valid path names nothing, as in mustache
    }
    // An unknown store name is an error for the message, not an empty value.
    return node.context()[scope === 'flow' ? 'flow' : 'global'].get(path!, store);
  };
}

/** Parses a template once so that a syntax error is reported at deploy. */
export function checkTemplate(template: string, configPath: string): void {
  try {
    Mustache.parse(template);
  } catch (err) {
    throw new NodeConfigError(`Invalid mustache template: ${errorMessage(err)}`, configPath);
  }
}

/**
 * Renders `template` against `msg`. With `forJson`, strings are escaped so that the output
 * stays parseable JSON when they are inserted between quotes.
 */
export function createRenderer(node: NodeContext): (template: string, msg: Message, forJson: boolean) => string {
  const fallback = contextFallback(node);
  return (template, msg, forJson) => {
    try {
      Mustache.parse(template); // cached by mustache, so render below doesn't parse again
    } catch (err) {
      throw new NodeRuntimeError(`Invalid mustache template in msg.template: ${errorMessage(err)}`, 'TEMPLATE_INVALID');
    }
    return Mustache.render(template, new MessageContext(msg, undefined, fallback, forJson));
  };
}

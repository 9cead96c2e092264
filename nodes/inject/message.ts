// Builds the message an inject node sends: payload, topic, then the extra properties, in that
// order, so a later property can read (JSONata) or override an earlier one.
import {
  compileTypedValue, errorMessage, type Message, NodeConfigError, type NodeContext, parsePath, setProperty, type TypedValue, type TypedValueReader,
} from '#node-api';

export interface ExtraProperty {
  p: string;
  v: TypedValue;
}

interface Setter {
  path: string;
  read: TypedValueReader;
}

/** What building produced: the message, and the properties that failed (reported with it). */
export interface Built {
  msg: Message;
  errors: string[];
}

/** Compiles every value once per deploy; a bad value or path is a deploy error on its field. */
export function compileMessage(
  config: { payload: TypedValue; topic: string; props: ExtraProperty[] },
  node: NodeContext<unknown, unknown>,
): () => Promise<Built> {
  const setters: Setter[] = [
    { path: 'payload', read: compileTypedValue(config.payload, node, '/payload') },
    { path: 'topic', read: () => config.topic },
  ];
  config.props.forEach(({ p, v }, i) => {
    const path = p.trim();
    if (path === '') return; // a blank row in the editor, skipped as Node-RED does
    try {
      parsePath(path);
    } catch (err) {
      throw new NodeConfigError(errorMessage(err), `/props/${i}/p`);
    }
    setters.push({ path, read: compileTypedValue(v, node, `/props/${i}/v`) });
  });

  return async () => {
    const msg: Message = { _msgid: node.newMessageId() };
    const errors: string[] = [];
    for (const { path, read } of setters) {
      try {
        const value = await read(msg);
        // Node-RED leaves a property out when its value is undefined (an unset context key, a JSONata result).
        if (value !== undefined) setProperty(msg, path, value);
      } catch (err) {
        errors.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { msg, errors };
  };
}

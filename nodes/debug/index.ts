// debug: shows messages, or one property of them, in the editor's debug sidebar, and
// optionally in the server log and the node's status (Node-RED's debug node).
import { inspect } from 'node:util';
import { defineNode, errorMessage, getProperty, type Message, NodeConfigError, parsePath, Type } from '#node-api';
import { statusDisplay } from './status.ts';

export default defineNode({
  type: 'debug',
  version: 1,
  category: 'common',
  label: 'debug',
  color: '#87a980',
  icon: 'debug',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    property: Type.String({ default: '', title: 'Output', description: 'Message property to show, e.g. payload or payload.temp; empty = the whole message' }),
    active: Type.Boolean({ default: true, title: 'To debug sidebar', description: 'Off: nothing goes to the sidebar (the log and status options still work)' }),
    console: Type.Boolean({ default: false, title: 'To server log', description: 'Also write the value to the server log' }),
    status: Type.Boolean({ default: false, title: 'To node status', description: 'Show the value (its first 32 characters) under the node' }),
  }),
  create(node) {
    const { config } = node;
    const path = config.property.trim();
    if (path) {
      try {
        parsePath(path);
      } catch (err) {
        throw new NodeConfigError(errorMessage(err), '/property');
      }
    }
    const showStatus = config.status ? statusDisplay(node) : undefined;
    return {
      input(msg) {
        if (isOwnStatus(msg, node.id)) return;
        const value = path ? getProperty(msg, path) : msg;
        // With the whole message selected, the status shows its payload, as in Node-RED.
        showStatus?.(msg, path ? value : msg.payload);
        if (config.console) node.log(typeof value === 'string' ? value : inspect(value, { depth: 10 }));
        if (config.active) node.debug(value, path);
      },
    };
  },
});

/** A status node reporting this node's own status: showing it would loop forever. */
function isOwnStatus(msg: Message, id: string): boolean {
  const status = msg.status as { source?: { id?: unknown } } | undefined;
  return typeof status === 'object' && status !== null && status.source?.id === id;
}

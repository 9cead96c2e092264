// The receiving end of a virtual wire: link-out and link-call nodes deliver into it (on any
// flow) and it passes each message on. It has no editor input port.
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'link-in',
  version: 1,
  category: 'common',
  label: 'link in',
  color: '#dddddd',
  icon: 'link-in',
  inputs: 0,
  outputs: 1,
  config: Type.Object({}),
  create: (node) => ({
    input(msg, send) {
      msg._event = `node:${node.id}`; // Node-RED's link nodes leave the event name on the message
      send(msg);
    },
  }),
});

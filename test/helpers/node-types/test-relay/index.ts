// Test-only node type: passes messages on. With a numeric msg.ttl it counts down on output 1
// and leaves on output 2 at zero, so a relay wired to itself makes a bounded loop.
import { defineNode, Type } from '#node-api';

export default defineNode({
  type: 'test-relay',
  category: 'common',
  label: 'test relay',
  color: '#ffffff',
  help: 'Passes messages on (for runtime tests).',
  inputs: 1,
  outputs: 2,
  config: Type.Object({}),
  create: () => ({
    input(msg, send) {
      if (typeof msg.ttl !== 'number') return send(msg);
      if (msg.ttl <= 0) return send([null, msg]);
      msg.ttl -= 1;
      send(msg);
    },
  }),
});

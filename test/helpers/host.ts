// Capabilities for node tests (exec, net, shared): a test may reach the server's implementations through a helper.
export { execProcesses } from '../../server/files/exec-processes.ts';
export { nodeNet } from '../../server/net/node-net.ts';
export { sharedObjects } from '../../server/shared-objects.ts';

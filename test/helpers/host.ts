// The exec capability for node tests: a test may reach the server's implementation through a helper.
export { execProcesses } from '../../server/files/exec-processes.ts';

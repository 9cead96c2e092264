// The one place that decides who may use the API and the realtime socket. Both the REST
// routes and the socket.io namespace call the same policy.
import type { IncomingMessage } from 'node:http';

export interface Principal {
  user: string;
}

/** Returns who made the request, or null to refuse it (401). */
export type AuthPolicy = (req: IncomingMessage) => Promise<Principal | null>;

/** No login yet: every request acts as the local user. (The server binds to loopback by default.) */
export const localUserPolicy: AuthPolicy = async () => ({ user: 'local' });

// Accounts change while clients are connected (`patchbay users remove|passwd`, an edit of
// users.json): each connected client that logged in with a directory account is checked again.
// A removed account, a new password or the viewer role ends the connection (MQTT 5: DISCONNECT
// 0x87 Not authorized, as Mosquitto disconnects clients that no longer authenticate after a
// reload); otherwise the client goes on with the account's current ACL.
import type { Client } from 'aedes';
import type { AccessPolicy, AccountDirectory, Principal } from './auth.ts';
import type { BrokerLog } from './options.ts';

/** MQTT 5 DISCONNECT reason code 0x87, Not authorized (section 3.14.2.1). */
const NOT_AUTHORIZED = 0x87;

/**
 * Re-checks the clients in `connections` whenever `directory` reports a change; returns the
 * function that stops following it.
 *
 * @example
 * const stop = followAccounts({ directory, policy, principals, connections: live, log });
 */
export function followAccounts(deps: {
  directory: AccountDirectory;
  policy: AccessPolicy;
  principals: WeakMap<Client, Principal>;
  connections: Iterable<Client>;
  log: BrokerLog;
}): () => void {
  const { policy, principals, log } = deps;
  return deps.directory.onChange(() => {
    for (const client of deps.connections) {
      const principal = principals.get(client);
      if (!principal?.account || client.closed) continue;
      const verdict = policy.recheck(principal);
      if (verdict.ok) {
        principals.set(client, verdict.principal);
        continue;
      }
      principals.delete(client); // nothing more is authorized while the connection closes
      log.warn({ code: verdict.code, clientId: client.id, username: principal.username, reason: verdict.reason }, 'mqtt client disconnected');
      client.disconnect({ reasonCode: NOT_AUTHORIZED });
    }
  });
}

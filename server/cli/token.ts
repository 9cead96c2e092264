// `patchbay token create|list|revoke`: long-lived tokens for scripts, acting as a user
// (`Authorization: Bearer <token>`). Revoking one stops it at once, on open sockets too.
import { join } from 'node:path';
import { UserStore } from '../auth/user-store.ts';
import { dataDirOf, parseCommand, UsageError, type CliCommand } from './command.ts';

const USAGE = `patchbay token create [--name TEXT] [--user NAME]   prints the token once (default user: admin)
       patchbay token list
       patchbay token revoke ID`;

export const tokenCommand: CliCommand = {
  name: 'token',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      'data-dir': { type: 'string' },
      name: { type: 'string', default: 'script' },
      user: { type: 'string', default: 'admin' },
    });
    const [verb, id] = positionals;
    const store = await UserStore.open(join(dataDirOf(values['data-dir']), 'users.json'));
    if (verb === 'create' && !id) {
      const created = await store.createToken(values.user, values.name);
      console.log(created.token);
      console.error(`token ${created.id} for ${values.user} ("${values.name}"): use it as "Authorization: Bearer <token>"; it is not shown again`);
      return 0;
    }
    if (verb === 'list' && !id) {
      for (const token of store.tokens) console.log(`${token.id}\t${token.username}\t${token.created}\t${token.name}`);
      return 0;
    }
    if (verb === 'revoke' && id) {
      await store.revokeToken(id);
      console.log(`revoked ${id}`);
      return 0;
    }
    throw new UsageError(`expected: ${USAGE}`);
  },
};

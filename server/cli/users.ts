// `patchbay users add|remove|passwd|list`: the accounts in <dataDir>/users.json. A running
// server picks changes up at once (it watches the file).
import { join } from 'node:path';
import { ROLES, UserStore, type Role, type TopicAcl } from '../auth/user-store.ts';
import { plainFilterProblem } from '../node-api/mqtt-topics.ts';
import { dataDirOf, parseCommand, readSecret, UsageError, type CliCommand } from './command.ts';

const USAGE = `patchbay users add NAME [--role admin|viewer|mqtt] [--publish PATTERN]... [--subscribe PATTERN]...
                                  (the password is read from stdin, or asked for; admin and mqtt
                                  accounts log in to the built-in broker too, with these topic ACLs)
       patchbay users passwd NAME
       patchbay users remove NAME
       patchbay users list`;

export const usersCommand: CliCommand = {
  name: 'users',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      'data-dir': { type: 'string' },
      role: { type: 'string', default: 'viewer' },
      publish: { type: 'string', multiple: true },
      subscribe: { type: 'string', multiple: true },
    });
    const [verb, name] = positionals;
    const store = await UserStore.open(join(dataDirOf(values['data-dir']), 'users.json'));
    if (verb === 'list' && !name) {
      for (const user of store.users) console.log(`${user.username}\t${user.role}${user.password === null ? '\t(no password yet)' : ''}${aclText(user.acl)}`);
      return 0;
    }
    if (!name || positionals.length > 2) throw new UsageError(`expected: ${USAGE}`);
    if (verb === 'add') {
      const role = values.role as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      for (const pattern of [...(values.publish ?? []), ...(values.subscribe ?? [])]) {
        const problem = plainFilterProblem(pattern);
        if (problem) throw new UsageError(`topic pattern "${pattern}" ${problem}`);
      }
      const acl = values.publish || values.subscribe ? { publish: values.publish ?? [], subscribe: values.subscribe ?? [] } : undefined;
      await store.addUser(name, role, await readSecret(`Password for ${name}: `), acl);
      console.log(`added ${role} ${name}`);
      return 0;
    }
    if (verb === 'passwd') {
      await store.setPassword(name, await readSecret(`New password for ${name}: `));
      console.log(`password of ${name} changed`);
      return 0;
    }
    if (verb === 'remove') {
      await store.removeUser(name);
      console.log(`removed ${name} and their tokens`);
      return 0;
    }
    throw new UsageError(`unknown users command "${verb ?? ''}": ${USAGE}`);
  },
};

/** An account's MQTT topic rights as `users list` shows them; nothing for unrestricted ones. */
function aclText(acl: TopicAcl | undefined): string {
  if (!acl) return '';
  const list = (patterns: string[] | undefined) => (patterns?.length ? patterns.join(' ') : '(none)');
  return `\tpublish: ${list(acl.publish)}\tsubscribe: ${list(acl.subscribe)}`;
}

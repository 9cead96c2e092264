// `patchbay hash-password`: a hash for settings.json (`users`, `mqtt.users`) from stdin.
import { hashPassword } from '../auth/passwords.ts';
import { readSecret, UsageError, type CliCommand } from './command.ts';

export const hashPasswordCommand: CliCommand = {
  name: 'hash-password',
  usage: 'patchbay hash-password     reads a password on stdin, prints the hash for settings.json "users" and "mqtt.users"',
  async run(args) {
    if (args.length > 0) throw new UsageError('hash-password takes no arguments');
    const password = await readSecret('Password: ');
    if (!password) throw new UsageError('no password on stdin (try: echo -n "secret" | patchbay hash-password)');
    console.log(await hashPassword(password));
    return 0;
  },
};

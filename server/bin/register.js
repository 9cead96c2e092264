// `node --import patchbay/register`: lets a node package's tests (plain Node) load the
// TypeScript node API and test helper they import from `patchbay/node-api`.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });

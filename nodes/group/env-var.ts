// One environment variable of a group, a subflow template or a subflow instance (Node-RED's env properties).
import { Type } from '#node-api';

export const EnvVar = Type.Object({
  name: Type.String({ minLength: 1, title: 'Name' }),
  type: Type.String({ default: 'str', title: 'Type', description: 'str, num, bool, json or env (the value names another variable)' }),
  value: Type.String({ default: '', title: 'Value' }),
});

// The filename setting shared by file and file in: a fixed name, a message property or an
// environment variable (Node-RED's typed input), resolved inside the files directory.
import { getProperty, type Message, type NodeContext, Type } from '#node-api';

export const filenameFields = {
  filename: Type.String({ default: '', title: 'Filename', description: 'Relative to the files directory (setting filesDir); a message property or variable name for those types' }),
  filenameType: Type.Union([Type.Literal('str'), Type.Literal('msg'), Type.Literal('env')], {
    default: 'str', title: 'Filename from', description: 'str: as written; msg: the message property it names (e.g. filename); env: the variable it names',
  }),
};

export type FilenameConfig = { filename: string; filenameType: 'str' | 'msg' | 'env' };

/** The name asked for ('' when there is none), with tabs and line breaks removed as Node-RED does. */
export function filenameOf(config: FilenameConfig, node: Pick<NodeContext, 'env'>, msg: Message): string {
  const { filename, filenameType } = config;
  const value = filenameType === 'msg' ? getProperty(msg, filename || 'filename') : filenameType === 'env' ? node.env.get(filename) : filename;
  return typeof value === 'string' ? value.replace(/[\t\r\n]/g, '') : '';
}

// Types shared by the form elements: what flows down (context, errors) and up (events).
import type { FlowNode, NodeTypeInfo } from '../../../server/api/contract.ts';

/** A deploy error for one field, `path` a JSON pointer relative to the field. */
export interface PathError {
  path: string;
  message: string;
}

/** What nested fields need beyond their own value: config nodes to pick from and their types. */
export interface FormContext {
  catalogue: ReadonlyMap<string, NodeTypeInfo>;
  /** Every config node in the document. */
  configNodes: readonly FlowNode[];
  /** Ids for config nodes created in place. */
  newId(): string;
  /** Deploy errors of a node, paths relative to the node (`/config/url`): config nodes edited in place show theirs. */
  errorsOf(nodeId: string): readonly PathError[];
  /** Credential changes of a node not deployed yet (see {@link PendingCredentials}). */
  credentialsOf(nodeId: string): PendingCredentials;
}

/**
 * Credential changes typed since the last deploy, by key: a string replaces the value the
 * server holds, `null` clears it. A key that is absent stays as it is on the server.
 */
export type PendingCredentials = Readonly<Record<string, string | null>>;

/** The detail of `value:change`: a field's new value (a string for a text field, a number for a number field, ...). */
export interface ValueChangeDetail<T = unknown> {
  value: T;
}

export interface ConfigNodeChangeDetail {
  /** The config node as it should now be. */
  node: FlowNode;
  /** True when the node was just created from the form. */
  created: boolean;
}

export interface ConfigNodeDeleteDetail {
  id: string;
}

export interface NodeFormChangeDetail {
  name?: string;
  config?: Record<string, unknown>;
}

export interface CredentialsChangeDetail {
  /** The node the credential belongs to (a config node edited in place has its own). */
  node: string;
  key: string;
  /** The new value; `null` clears the stored one; "" (an emptied input) keeps it. */
  value: string | null;
}

declare global {
  interface HTMLElementEventMap {
    'value:change': CustomEvent<ValueChangeDetail>;
    'config-node:change': CustomEvent<ConfigNodeChangeDetail>;
    'config-node:delete': CustomEvent<ConfigNodeDeleteDetail>;
    'credentials:change': CustomEvent<CredentialsChangeDetail>;
  }
}

/** Errors under `key`, made relative to it: `/payload/value` under `payload` is `/value`. */
export function errorsUnder(errors: readonly PathError[], key: string | number): PathError[] {
  const prefix = `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return errors.flatMap((e) => (e.path === prefix || e.path.startsWith(`${prefix}/`) ? [{ path: e.path.slice(prefix.length), message: e.message }] : []));
}

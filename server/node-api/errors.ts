// The two errors a node throws, and the one way to read a message from anything thrown.

/**
 * Bad properties: shown on the node in the editor; blocks the deploy.
 *
 * @example
 * ```ts
 * if (node.config.rate <= 0) throw new NodeConfigError('Rate must be above 0', '/config/rate');
 * ```
 */
export class NodeConfigError extends Error {
  override name = 'NodeConfigError';
  constructor(message: string, readonly path = '') {
    super(message);
  }
}

/**
 * A failure while handling a message. `code` names the failure (`AREA_UPPER_SNAKE`); it
 * reaches the log line and the catch nodes as `msg.error.code`, and the node's help lists it.
 * The runtime adds the node and message ids.
 *
 * @example
 * ```ts
 * throw new NodeRuntimeError(`Unexpected token in JSON at ${pos}`, 'JSON_PARSE_FAILED');
 * ```
 */
export class NodeRuntimeError extends Error {
  override name = 'NodeRuntimeError';
  constructor(message: string, readonly code = 'NODE_RUNTIME') {
    super(message);
  }
}

// One definition for the server and the editor: it lives in the browser-safe shared module.
export { errorMessage } from '../api/shared.ts';

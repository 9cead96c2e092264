/** Bad properties: shown on the node in the editor; blocks the deploy. */
export class NodeConfigError extends Error {
  override name = 'NodeConfigError';
  constructor(message: string, readonly path = '') {
    super(message);
  }
}

/** A failure while handling a message; the runtime adds the node and message ids. */
export class NodeRuntimeError extends Error {
  override name = 'NodeRuntimeError';
  constructor(message: string, readonly code = 'NODE_RUNTIME') {
    super(message);
  }
}

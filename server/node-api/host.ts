// What a node may do on the machine it runs on: files inside one directory (file, file in,
// watch) and, only when the settings allow it, running commands (exec).

/**
 * `node.files`: the directory file nodes work in (setting `filesDir`, default
 * `<dataDir>/files`). Every path is resolved inside it.
 *
 * @example
 * ```ts
 * const path = node.files.resolve(String(msg.filename)); // throws FILE_OUTSIDE_DIR for ../../etc/passwd
 * ```
 */
export interface FilesCapability {
  /** The absolute directory every file path is inside. */
  readonly root: string;
  /**
   * The absolute path of `path` (relative to the root, or absolute inside it). Throws a
   * NodeRuntimeError with code FILE_OUTSIDE_DIR for a path that leads outside, symbolic
   * links included. Every method below resolves its path this way first.
   */
  resolve(path: string): string;
  read(path: string): Promise<Buffer>;
  /** Writes (or with `append`, appends) the bytes; `createDir` makes the missing directories first. */
  write(path: string, data: Buffer, options?: { append?: boolean; createDir?: boolean }): Promise<void>;
  remove(path: string): Promise<void>;
  /**
   * Calls `listener` with the changed path (relative to the root) and what it is now, until
   * the returned function is called. Throws for a path that does not exist.
   */
  watch(path: string, options: { recursive: boolean }, listener: (change: FileChange) => void): () => void;
}

/**
 * A change a watch reports.
 *
 * @example
 * ```ts
 * node.files.watch('inbox', { recursive: false }, (change) => node.log(`${change.path} is now ${change.type}`));
 * ```
 */
export interface FileChange {
  /** Relative to the files directory. */
  path: string;
  /** The last part of the path. */
  name: string;
  type: 'file' | 'directory' | 'none';
  size?: number;
}

/**
 * `node.exec`: whether commands may run (setting `execEnabled`, off by default, as
 * Node-RED keeps external modules away from function code unless allowed).
 *
 * @example
 * ```ts
 * if (!node.exec.enabled) throw new NodeRuntimeError('exec is turned off in the settings', 'EXEC_DISABLED');
 * ```
 */
export interface ExecCapability {
  readonly enabled: boolean;
  /**
   * Runs a command line through the shell (a NodeRuntimeError EXEC_DISABLED while not
   * enabled). Output arrives as it comes; `exit` settles when the command has ended.
   */
  run(command: string, options: { timeoutMs?: number; onStdout(data: Buffer): void; onStderr(data: Buffer): void }): ExecProcess;
}

/**
 * A running command.
 *
 * @example
 * ```ts
 * const run = node.exec.run('ls', { onStdout: (d) => node.log(String(d)), onStderr: () => undefined });
 * const { code } = await run.exit;
 * ```
 */
export interface ExecProcess {
  /** Resolves when it ends: its exit code (null when killed), the signal, or why it could not start. */
  readonly exit: Promise<{ code: number | null; signal?: string; error?: string }>;
  kill(signal?: string): void;
}

/**
 * `node.shared`: objects nodes of one server share by key (a session table that tcp in fills
 * and tcp out replies through). Made on first use, kept while the server runs.
 *
 * @example
 * ```ts
 * const sessions = node.shared.get('tcp:sessions', () => new Map<string, Socket>());
 * ```
 */
export interface SharedCapability {
  get<T>(key: string, create: () => T): T;
}

/**
 * One WebSocket connection, as a node sees it.
 *
 * @example
 * ```ts
 * for (const peer of endpoint.peers()) peer.send('hello');
 * ```
 */
export interface WebSocketPeer {
  /** Unique per connection; what `msg._session.id` names. */
  readonly id: string;
  send(data: string | Buffer): void;
  close(): void;
}

/**
 * Connections at one path (server) or to one URL (client), shared by the nodes that use it.
 *
 * @example
 * ```ts
 * endpoint.onConnection((peer, open) => node.status({ text: `${endpoint.peers().length} connected` }));
 * ```
 */
export interface WebSocketEndpoint {
  peers(): WebSocketPeer[];
  /** Messages from any connection; the listener goes when the node stops. */
  onMessage(listener: (peer: WebSocketPeer, data: string | Buffer) => void): void;
  /** Connections opening (true) and closing (false); the listener goes when the node stops. */
  onConnection(listener: (peer: WebSocketPeer, open: boolean) => void): void;
}

/**
 * `node.websocket`: WebSocket endpoints on the server's own port, or connections out.
 * Nodes asking for the same path (or URL) share one endpoint; it closes when the last
 * node using it stops.
 *
 * @example
 * ```ts
 * const endpoint = node.websocket.listen('/ws/lamps');
 * endpoint.onMessage((peer, data) => node.send({ _msgid: node.newMessageId(), payload: String(data), _session: { type: 'websocket', id: peer.id } }));
 * ```
 */
export interface WebSocketCapability {
  /** Serves connections at `path` (not under /api, /socket.io or /mqtt: NodeConfigError). */
  listen(path: string): WebSocketEndpoint;
  /** Connects to `url` (ws:// or wss://), reconnecting every few seconds while the node runs. */
  connect(url: string, options?: { subprotocol?: string; headers?: Record<string, string> }): WebSocketEndpoint;
}

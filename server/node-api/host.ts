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
   * links included.
   */
  resolve(path: string): string;
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
}

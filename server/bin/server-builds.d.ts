// Types of server-builds.js for its TypeScript test (server/bin runs on plain Node, uncompiled).
export declare const KEEP_MS: number;

export interface ServerBuilds {
  /** The symlink to the current build (dist/server). */
  link: string;
  /** The current build's real path, or undefined when there is none. */
  current(): Promise<string | undefined>;
  /** A new, empty build directory (its real path). */
  newBuild(): Promise<string>;
  /** Points the link at `build`, then deletes the builds nobody used for KEEP_MS. */
  makeCurrent(build: string): Promise<void>;
}

export declare function serverBuilds(dist: string): ServerBuilds;
export declare function keepInUse(build: string): void;

// Everything the editor shows, in one immutable value.
import type { DebugEvent, FlowError, NodeStatus, NodeTypeInfo } from '../../../server/api/contract.ts';
import type { PendingCredentials } from '../elements/form-types.ts';
import { emptyDoc } from '../graph/document.ts';
import { emptyHistory, type History } from '../graph/history.ts';
import type { GraphDoc } from '../graph/types.ts';
import type { Draft } from './draft.ts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface DebugEntry extends DebugEvent {
  /** Unique per entry, for list keys. */
  seq: number;
  /** Set for warnings and errors the runtime logged, shown in the same list. */
  level?: 'warn' | 'error';
}

/** Something a notice is about that can go away: the server being unreachable, a refused deploy. */
export type NoticeCause = 'server' | 'deploy';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  message: string;
  /** Set when the notice should go once its cause has. */
  cause?: NoticeCause;
}

/** The colours the editor shows (the theme setting resolved against the system's). */
export type Theme = 'light' | 'dark';

export type SidebarTab = 'properties' | 'debug' | 'broker' | 'devices' | 'config';

export interface EditorState {
  /** `GET /api/nodes`, by type. */
  catalogue: ReadonlyMap<string, NodeTypeInfo>;
  /** True once the catalogue and flows have been loaded. */
  loaded: boolean;
  loadError: string | null;

  doc: GraphDoc;
  /** The document the server runs (as last loaded or deployed): what Deploy compares with. */
  deployed: GraphDoc;
  history: History;
  /** The server revision the document is based on; the next deploy sends it as If-Match. */
  rev: string | null;
  /** The document differs from the deployed one, or credentials wait to be sent. */
  dirty: boolean;
  activeFlow: string;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** Credential changes since the last deploy, by node id (a string sets a key, null clears it). */
  credentials: ReadonlyMap<string, PendingCredentials>;

  deploying: boolean;
  /** Errors of the last rejected deploy, all of them, for the error list. */
  deployErrors: readonly FlowError[];
  /** The same, messages by node id, for the red nodes. */
  nodeErrors: ReadonlyMap<string, readonly string[]>;
  /** A deploy met someone else's newer deploy (409): reload or overwrite? */
  conflict: boolean;
  /** The server's flows changed while we had undeployed edits. */
  remoteChange: boolean;
  /** Undeployed edits from an earlier visit, offered back after loading. */
  draftOffer: Draft | null;

  connection: ConnectionState;
  statuses: ReadonlyMap<string, NodeStatus>;
  debug: readonly DebugEntry[];
  /** Debug messages that arrived while the Debug tab was not shown: the tab's badge. */
  debugUnseen: number;
  notices: readonly Notice[];
  sidebar: SidebarTab;
  theme: Theme;
  /** A node to bring into view (from the error list or a debug message); a new object each time. */
  reveal: { node: string } | null;
}

export const initialState: EditorState = {
  catalogue: new Map(),
  loaded: false,
  loadError: null,
  doc: emptyDoc,
  deployed: emptyDoc,
  history: emptyHistory,
  rev: null,
  dirty: false,
  activeFlow: '',
  selectedNodes: new Set(),
  selectedEdges: new Set(),
  credentials: new Map(),
  deploying: false,
  deployErrors: [],
  nodeErrors: new Map(),
  conflict: false,
  remoteChange: false,
  draftOffer: null,
  connection: 'connecting',
  statuses: new Map(),
  debug: [],
  debugUnseen: 0,
  notices: [],
  sidebar: 'properties',
  theme: 'light',
  reveal: null,
};

// The shapes the Node-RED importer reads and writes: Node-RED's flow file entries (loosely:
// everything that comes from outside is checked where it is read) and the import report.
import type { FlowDocument } from '../../api/contract.ts';

/** One entry of a Node-RED flow file: a tab, a subflow, a group, a config node or a node. */
export interface NrNode {
  id: string;
  type: string;
  /** The tab or subflow the node is on. */
  z?: string;
  /** The group the node is in. */
  g?: string;
  name?: string;
  x?: number;
  y?: number;
  wires?: string[][];
  d?: boolean;
  info?: string;
  credentials?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What happened to one Node-RED entry. */
export type Outcome = 'mapped' | 'approximated' | 'unsupported';

export interface NodeReport {
  id: string;
  /** The Node-RED type. */
  type: string;
  name?: string;
  /** The Patchbay type it became. */
  as: string;
  outcome: Outcome;
  /** What differs (approximated) or why it could not be mapped (unsupported). */
  notes: string[];
}

export interface ImportReport {
  mapped: number;
  approximated: number;
  unsupported: number;
  /** Nodes whose credentials were found in the file (they go to the encrypted store, never the document). */
  credentials: number;
  nodes: NodeReport[];
}

/** Credentials found in the file, by Patchbay node id and key. */
export type ImportedCredentials = Record<string, Record<string, string>>;

export interface ImportResult {
  document: FlowDocument;
  report: ImportReport;
  credentials: ImportedCredentials;
}

// What a node mapping is: how one Node-RED type becomes a Patchbay type and back. Each
// mapping lives with its family in mappers/; index.ts lists them.
import type { FlowNode } from '../../api/contract.ts';
import type { NrNode } from './types.ts';

/** Collects what a mapping could not carry over exactly; any note makes the node "approximated". */
export class MapContext {
  readonly notes: string[] = [];

  constructor(
    /** Every entry of the file by id (for scopes such as a catch node's group). */
    readonly entries: ReadonlyMap<string, NrNode>,
  ) {}

  note(text: string): void {
    this.notes.push(text);
  }
}

export interface Mapped {
  config: Record<string, unknown>;
  /** Credentials the file carried, by Patchbay key. */
  credentials?: Record<string, string>;
}

export interface NodeMapping {
  /** Node-RED's type name. */
  nodeRed: string;
  /** Patchbay's type name. */
  patchbay: string;
  toPatchbay(nr: NrNode, ctx: MapContext): Mapped;
  /** Node-RED's own fields for the node (besides id, type, z, g, name, x, y, wires, d, info). */
  toNodeRed(node: FlowNode): Record<string, unknown>;
}

/** Thrown by a mapping for options Patchbay cannot run at all: the node becomes a placeholder. */
export class Unmappable extends Error {
  override name = 'Unmappable';
}

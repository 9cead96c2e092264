// Coded errors of the graph layer: an edit that does not fit the document it is applied to.

export type GraphErrorCode =
  | 'GRAPH_NODE_EXISTS'
  | 'GRAPH_NODE_MISSING'
  | 'GRAPH_FLOW_EXISTS'
  | 'GRAPH_FLOW_MISSING'
  | 'GRAPH_PORT_MISSING';

export class GraphError extends Error {
  override name = 'GraphError';
  constructor(readonly code: GraphErrorCode, message: string) {
    super(message);
  }
}

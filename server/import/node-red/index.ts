// The Node-RED importer and exporter: pure functions from one format to the other.
export { convertNodeRed } from './convert.ts';
export { exportNodeRed, type NodeRedExport } from './export.ts';
export { describeReport } from './describe.ts';
export type { ImportReport, ImportResult, ImportedCredentials, NodeReport, NrNode, Outcome } from './types.ts';

// The "scope" option shared by the catch and status nodes: every node of the own flow, or
// the selected nodes (on any flow).
import { Type, type WatchScope } from '#node-api';

export function scopeConfig(title: string) {
  return {
    scope: Type.Union([Type.Literal('flow'), Type.Literal('selected')], {
      default: 'flow',
      title,
      description: 'flow: all nodes on this flow; selected: the nodes listed below',
    }),
    nodes: Type.Array(Type.String(), { default: [], title: 'Nodes', description: 'Ids of the nodes to watch when the scope is "selected"' }),
  };
}

export function watchScope(config: { scope: 'flow' | 'selected'; nodes: string[] }): WatchScope {
  return config.scope === 'selected' ? { nodes: config.nodes } : {};
}

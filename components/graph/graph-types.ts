import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode } from '@/lib/trace/projections/graph';

export const NODE_SIZE = {
  agent: { width: 184, height: 58 },
  service: { width: 180, height: 50 },
} as const;

export interface GraphNodeData extends Record<string, unknown> {
  node: GraphNode;
  selected: boolean;
  /** Handles on the left/right (RIGHT layout) or top/bottom (DOWN). */
  vertical: boolean;
}

export interface GraphEdgeData extends Record<string, unknown> {
  edge: GraphEdge;
  selected: boolean;
  /** The edge touched last while the run is live. */
  latest: boolean;
}

export type AgentFlowNode = Node<GraphNodeData, 'agent'>;
export type ServiceFlowNode = Node<GraphNodeData, 'service'>;
export type FlowNode = AgentFlowNode | ServiceFlowNode;
export type FlowEdge = Edge<GraphEdgeData, 'count'>;

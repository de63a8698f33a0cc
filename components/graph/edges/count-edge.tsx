'use client';

import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, Position, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { FlowEdge } from '../graph-types';
import { useGraphSelect } from '../graph-context';
import { edgeStroke } from '../flow-elements';

const vertical = (p: Position) => p === Position.Top || p === Position.Bottom;

/**
 * A point of the curve getBezierPath draws between two handles facing each other (control points
 * half the distance out along the handles' axis), at t in [0, 1].
 */
export function pointOnBezier(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  alongY: boolean,
  t: number,
): [number, number] {
  const [c1x, c1y, c2x, c2y] = alongY
    ? [sx, sy + (ty - sy) / 2, tx, ty - (ty - sy) / 2]
    : [sx + (tx - sx) / 2, sy, tx - (tx - sx) / 2, ty];
  const u = 1 - t;
  const at = (a: number, b: number, c: number, d: number) =>
    u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  return [at(sx, c1x, c2x, tx), at(sy, c1y, c2y, ty)];
}

function CountEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const select = useGraphSelect();
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  // Labels sit nearer the target than the midpoint: edges fanning out of one agent would
  // otherwise stack their labels on top of each other next to it.
  const [labelX, labelY] = pointOnBezier(sourceX, sourceY, targetX, targetY, vertical(sourcePosition), 0.68);
  if (!data) return null;
  const { edge, selected, latest } = data;
  const width = Math.min(5, 1.25 + Math.log2(1 + edge.count) * 0.75) + (selected ? 1.5 : 0) + (latest ? 0.75 : 0);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={18}
        style={{
          stroke: edgeStroke(edge),
          strokeWidth: width,
          strokeDasharray: edge.count === edge.blockedCount && edge.blockedCount > 0 ? '2 4' : undefined,
        }}
      />
      <EdgeLabelRenderer>
        <button
          type="button"
          onClick={() => select('edge', edge.id)}
          data-testid="graph-edge"
          data-edge-id={edge.id}
          data-count={edge.count}
          data-errors={edge.errorCount}
          data-faults={edge.faultCount}
          data-blocked={edge.blockedCount}
          data-active={edge.active}
          data-last-status={edge.lastStatus ?? ''}
          aria-pressed={selected}
          aria-label={`${edge.source} to ${edge.target}: ${edge.count} calls, ${edge.errorCount} failed${edge.blockedCount ? `, ${edge.blockedCount} blocked` : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          className={`nodrag nopan pointer-events-auto absolute flex items-center gap-1 rounded border bg-white px-1 font-mono text-[10px] leading-4 shadow-sm dark:bg-zinc-900 ${
            selected
              ? 'border-indigo-500 ring-1 ring-indigo-500'
              : edge.lastStatus === 'error'
                ? 'border-red-400 dark:border-red-700'
                : 'border-zinc-300 dark:border-zinc-700'
          }`}
        >
          <span className="text-zinc-700 dark:text-zinc-300">×{edge.count}</span>
          {edge.errorCount > 0 && <span className="text-red-600 dark:text-red-400">✕{edge.errorCount}</span>}
          {edge.faultCount > 0 && (
            <span className="text-amber-700 dark:text-amber-300" title="injected faults">
              ⚡{edge.faultCount}
            </span>
          )}
          {edge.blockedCount > 0 && (
            <span
              className="text-purple-700 dark:text-purple-300"
              title="attempts the guard blocked (never reached the service)"
            >
              ⛔{edge.blockedCount}
            </span>
          )}
        </button>
      </EdgeLabelRenderer>
    </>
  );
}

export const CountEdge = memo(CountEdgeView);

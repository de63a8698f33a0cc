'use client';

import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { FlowNode } from '../graph-types';
import { useGraphSelect } from '../graph-context';
import { NodeHandles } from './node-handles';
import { NODE_BORDER, STATUS_DOT } from './node-style';

const SHAPE = {
  agent: 'h-[58px] w-[184px] rounded-lg border-2 bg-white shadow-sm dark:bg-zinc-900',
  service: 'h-[50px] w-[180px] rounded-md border border-dashed bg-zinc-50 dark:bg-zinc-950',
};

const fault = 'rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200';

/** An agent (solid card) or a service (dashed box): status, how often it worked, failures and injected faults. */
function GraphNodeView({ data }: NodeProps<FlowNode>) {
  const { node, selected, vertical } = data;
  const select = useGraphSelect();
  const agent = node.kind === 'agent';
  return (
    <button
      type="button"
      onClick={() => select('node', node.id)}
      data-testid="graph-node"
      data-node-id={node.id}
      data-kind={node.kind}
      data-status={node.status}
      data-faults={node.faults}
      data-blocked={node.blocked}
      data-failed={node.failedCalls}
      data-recovered={node.recovered}
      data-run-failed={node.runFailed}
      title={node.runFailed ? 'The run failed: it started here' : undefined}
      aria-pressed={selected}
      className={`flex flex-col justify-center px-2.5 text-left transition-colors ${SHAPE[node.kind]} ${NODE_BORDER[node.status]} ${selected ? 'outline-2 outline-offset-2 outline-indigo-500' : ''}`}
    >
      <NodeHandles vertical={vertical} />
      <span className="flex items-center gap-1.5">
        <span
          className={`size-2 shrink-0 ${agent ? 'rounded-full' : 'rounded-sm'} ${STATUS_DOT[node.status]}`}
          aria-hidden
        />
        {agent ? (
          <span className="truncate text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">{node.name}</span>
        ) : (
          <>
            <span className="truncate font-mono text-xs text-zinc-800 dark:text-zinc-200">{node.name}</span>
            <span className="ml-auto text-[9px] uppercase tracking-wide text-zinc-400">service</span>
          </>
        )}
      </span>
      <span className="mt-0.5 flex items-center gap-1.5 whitespace-nowrap font-mono text-[10px] text-zinc-500">
        {/* Room for the count to grow (monospace ch), so what follows it does not move as calls arrive. */}
        <span style={{ minWidth: agent ? '12ch' : '9ch' }}>
          {agent
            ? node.calls === 0
              ? node.failedCalls
                ? 'direct calls'
                : 'calls services directly'
              : `invoked ${node.calls}×`
            : `${node.calls} call${node.calls === 1 ? '' : 's'}`}
        </span>
        {node.failedCalls > 0 && (
          <span
            className="text-red-600 dark:text-red-400"
            title={`${node.failedCalls} service call${node.failedCalls === 1 ? '' : 's'} failed${node.recovered ? `, ${node.recovered} made good by a later call` : ''}`}
            data-testid="node-failed"
          >
            {node.failedCalls} failed
            {node.recovered > 0 && <span className="text-amber-600 dark:text-amber-400"> · {node.recovered} rec</span>}
          </span>
        )}
        {agent && node.errors > 0 && (
          <span className="text-red-600 dark:text-red-400" title="invocations that ended in error">
            {node.errors}× error
          </span>
        )}
        {node.faults > 0 &&
          (agent ? (
            <span className={fault} title="faults injected into its tool calls">
              ⚡{node.faults}
            </span>
          ) : (
            <span className={fault} title="faults injected here" data-testid="node-injected">
              ⚡{node.faults} injected
            </span>
          ))}
        {node.blocked > 0 && (
          <span
            className="rounded bg-purple-100 px-1 text-purple-800 dark:bg-purple-900/60 dark:text-purple-200"
            title={agent ? 'its calls the guard blocked' : 'calls aimed here that the guard blocked'}
            data-testid="node-blocked"
          >
            ⛔{node.blocked}
          </span>
        )}
      </span>
    </button>
  );
}

export const GraphNode = memo(GraphNodeView);

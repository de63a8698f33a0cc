import { replayResultSchema, type ReplayResult } from '@/lib/wire/replay';
import type { FaultRuleCreateInput } from './faults';
import { requestJson } from './http';

export type { Divergence, GraphDiffEdge, ReplayResult } from '@/lib/wire/replay';

/** What a fork changes from its step on (lib/replay/replay-run.ts forkRequestSchema). */
export interface ForkInput {
  atSeq: number;
  faultPreset?: string;
  /** Rules in full, as the faults API creates them. */
  faultRules?: FaultRuleCreateInput[];
  editReply?: { text?: string; toolCalls?: { toolName: string; input: Record<string, unknown> }[] };
  editToolResult?: unknown;
}

const runPath = (runId: string) => `/api/runs/${encodeURIComponent(runId)}`;

export const rerunRun = (runId: string): Promise<ReplayResult> =>
  requestJson(`${runPath(runId)}/rerun`, replayResultSchema, { method: 'POST', json: {} });

export const forkRun = (runId: string, input: ForkInput): Promise<ReplayResult> =>
  requestJson(`${runPath(runId)}/fork`, replayResultSchema, { method: 'POST', json: input });

export const exportHref = (runId: string, format: 'json' | 'otlp' | 'otlp-proto') =>
  `${runPath(runId)}/export?format=${format}`;

export const compareHref = (a: string, b: string) => `/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;

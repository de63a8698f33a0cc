import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import { executeRun } from '@/lib/checkout/run-checkout';
import { modelsFromEnv, runRecorder } from '@/lib/checkout/app-services';
import type { RunMode } from '@/lib/checkout/order-request';
import type { AgentModel } from '@/lib/agents/run-context';
import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import type { FaultInjector } from '@/lib/faults/injector';
import type { FaultRule } from '@/lib/faults/rule-schema';
import type { AgentName } from '@/lib/protocol/agents';
import { ManualClock } from '@/lib/runtime/clock';
import { loadEvents } from '@/lib/trace/event-log';
import type { ReplayResult } from '@/lib/wire/replay';
import { SETTLEMENT_AGENT, type TraceEvent } from '@/lib/trace/events';
import type { TraceAppender } from '@/lib/trace/recorder';
import { compareTraces } from './compare';
import { faultSchedule, recordedFaultChanges, recordedRules } from './recorded-faults';
import { ModelRecord, recordedSteps, type EditedReply } from './recorded-model';
import { followRecordedTime } from './recorded-time';
import { createSandbox } from './sandbox';

export interface ReplayDeps {
  /** The live store: where the parent run is read and the new run is recorded. */
  db: PrismaClient;
  /** A recorder on the live store stamping events with the given (sandbox) clock. */
  recorderFor(clock: ManualClock): TraceAppender;
  /** Models for the part of a fork that runs live (default: from the environment). */
  liveModels?: (agent: AgentName) => AgentModel;
}

export const forkRequestSchema = z
  .object({
    /** The step (seq of a model.step, or of a tool.result to edit) from which the fork runs live. */
    atSeq: z.number().int().min(1),
    /** Fault rules in force from the fork point on (default: the parent's). */
    faultRules: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
    /** Or a named preset's rules. */
    faultPreset: z.string().trim().min(1).max(60).optional(),
    /** Edit-and-continue: a new model reply at atSeq (a model.step) ... */
    editReply: z
      .object({
        text: z.string().max(20_000).optional(),
        toolCalls: z
          .array(z.object({ toolName: z.string().min(1).max(100), input: z.record(z.string(), z.unknown()) }))
          .max(10)
          .optional(),
      })
      .strict()
      .optional(),
    /** ... or a new tool result at atSeq (a tool.result). */
    editToolResult: z.unknown().optional(),
  })
  .strict()
  .refine((r) => !(r.faultRules && r.faultPreset), {
    // Either one says what the rules are from the fork on; both at once would leave one of them ignored.
    path: ['faultPreset'],
    message: 'Give faultRules or faultPreset, not both.',
  });
export type ForkRequest = z.infer<typeof forkRequestSchema>;

export class ReplayError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly kind: 'invalid' | 'not_found' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** POST /api/runs/:id/rerun and /fork's answer (lib/wire/replay.ts). */
export type { ReplayResult } from '@/lib/wire/replay';

/** Switches from the parent's fault schedule to the fork's once the record hands over to live models. */
function switchingInjector(before: FaultInjector, after: FaultInjector, record: ModelRecord): FaultInjector {
  return { check: (call) => (record.isLive ? after : before).check(call) };
}

/**
 * Re-runs or forks a past run in a sandbox built from its snapshots (stock, cards, fault
 * rules as they were, same ids), recording a new run linked to its parent, and compares
 * the two traces. A re-run of an offline-planner run thinks again with the planner; a
 * real-LLM run is re-run from its recorded replies (no network). A fork serves everything
 * before its step from the record, then continues live under other fault rules, or
 * with one reply or tool result edited.
 */
export async function replayRun(
  deps: ReplayDeps,
  parentRunId: string,
  fork?: ForkRequest & { resolvedRules?: FaultRule[] },
): Promise<ReplayResult> {
  const parent = await deps.db.run.findUnique({ where: { id: parentRunId } });
  if (!parent) throw new ReplayError('id', `No run with id "${parentRunId}".`, 'not_found');
  if (parent.source !== 'local') {
    throw new ReplayError(
      'id',
      "This run is another agent system's trace, ingested over OTLP: there is nothing here to run again or fork.",
      'conflict',
    );
  }
  if (parent.status === 'running') throw new ReplayError('id', 'The run is still in progress.');
  const parentEvents = await loadEvents(deps.db, parentRunId);
  const started = parentEvents.find((e): e is Extract<TraceEvent, { type: 'run.started' }> => e.type === 'run.started');
  if (!started || !parent.orderId) throw new ReplayError('id', 'The run has no recorded start or order to replay.');

  const at = fork ? parentEvents.find((e) => e.seq === fork.atSeq) : undefined;
  if (fork) {
    if (!at || (at.type !== 'model.step' && at.type !== 'tool.result'))
      throw new ReplayError('atSeq', `Step ${fork.atSeq} is not a model step or a tool result of this run.`);
    if (at.agent === SETTLEMENT_AGENT)
      throw new ReplayError(
        'atSeq',
        `Step ${fork.atSeq} is the harness's settlement after the run, not a step of the run.`,
      );
    if (fork.editReply && at.type !== 'model.step')
      throw new ReplayError('editReply', 'Only a model step can have its reply edited.');
    if (fork.editToolResult !== undefined && at.type !== 'tool.result')
      throw new ReplayError('editToolResult', 'Only a tool result can be edited.');
  }

  const clock = new ManualClock(started.ts);
  const live = deps.liveModels ?? modelsFromEnv();
  const offline = parent.model.startsWith('offline-planner');
  const edit: EditedReply | undefined = fork?.editReply ? { seq: fork.atSeq, ...fork.editReply } : undefined;
  // A tool-result edit keeps the model calls up to it from the record; the calls after it run live.
  const liveFromSeq = fork
    ? at!.type === 'tool.result'
      ? fork.atSeq + 1
      : edit
        ? fork.atSeq + 1
        : fork.atSeq
    : undefined;
  const record = new ModelRecord(recordedSteps(parentEvents), { liveFromSeq, edit });
  const useRecord = Boolean(fork) || !offline;
  const modelFor = (agent: AgentName): AgentModel => {
    const liveModel = live(agent);
    if (!useRecord) return liveModel;
    const fallback = fork ? liveModel.model : null;
    // Served from the record: read whole, never streamed; named as the parent named this agent's model.
    const label = started.data.models?.[agent] ?? parent.model;
    return { model: record.modelFor(agent, fallback, label), label, cost: liveModel.cost, streams: false };
  };

  // The parent's rules as they changed during its run, each change at its seq. A fork under rules of its own
  // replays only the changes before its step: from there on the rules are the ones it was given. Any other
  // fork keeps the parent's schedule, so an edit that changes nothing reproduces the parent.
  const changes = recordedFaultChanges(parentEvents).filter((c) => !fork?.resolvedRules || c.seq < fork.atSeq);
  const schedule = faultSchedule(
    recordedRules(z.array(z.unknown()).parse(JSON.parse(parent.faultSnapshot))),
    changes,
    clock,
  );
  const faults = fork?.resolvedRules
    ? switchingInjector(schedule.faults, createMemoryFaultInjector(fork.resolvedRules, clock), record)
    : schedule.faults;
  const editedToolCallId =
    fork?.editToolResult !== undefined && at?.type === 'tool.result' ? at.data.toolCallId : undefined;

  const sandbox = await createSandbox(deps.db, parent);
  try {
    const run = await deps.db.run.create({
      data: {
        orderId: null,
        customerId: parent.customerId,
        mode: parent.mode,
        goal: parent.goal,
        model: parent.model,
        seed: parent.seed,
        faultSnapshot: parent.faultSnapshot,
        stateSnapshot: parent.stateSnapshot,
        parentRunId: parent.id,
        forkedAtSeq: fork?.atSeq ?? null,
        startedAt: new Date(started.ts),
      },
    });
    // Innermost, so that the fault changes the schedule re-emits are counted in the positions too.
    const recorder = schedule.recording(followRecordedTime(deps.recorderFor(clock), clock, parentEvents, fork?.atSeq));
    const result = await executeRun(
      {
        db: sandbox.db,
        clock,
        modelFor,
        recorder: runRecorder(deps.db, recorder, clock),
        services: { faults },
        overrideToolResult: editedToolCallId
          ? (id) => (id === editedToolCallId ? fork!.editToolResult : undefined)
          : undefined,
      },
      {
        runId: run.id,
        orderId: parent.orderId,
        mode: parent.mode as RunMode,
        model: parent.model,
        seed: parent.seed,
        faultRules: started.data.faultRules,
        faultPreset: started.data.faultPreset,
        idNamespace: parent.id,
        // The run's own time starts where the parent's did, so the services meet what it met (RunClock).
        startedAt: parent.startedAt.getTime(),
      },
    );
    const comparison = compareTraces(parentEvents, await loadEvents(deps.db, run.id));
    return {
      runId: run.id,
      parentRunId: parent.id,
      kind: fork ? 'fork' : 'rerun',
      status: result.status,
      comparison: {
        identical: comparison.identical,
        firstDivergence: comparison.firstDivergence,
        graph: comparison.graph,
      },
    };
  } finally {
    await sandbox.dispose();
  }
}

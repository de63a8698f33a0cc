import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
} from '@ai-sdk/provider';
import { RecordedModelFailure, type ModelFailure } from '@/lib/agents/model-call';
import type { TraceEvent } from '@/lib/trace/events';

/** One recorded model call: who made it, where it sits in the log, and what the model answered (or how it failed). */
export interface RecordedStep {
  seq: number;
  agent: string;
  response: LanguageModelV4GenerateResult;
  /** The attempt failed (a model.retry): served again as the same failure, so the re-run retries as the run did. */
  failure?: ModelFailure;
}

const responseOf = (data: { response?: unknown }): LanguageModelV4GenerateResult | null => {
  const r = data.response as Partial<LanguageModelV4GenerateResult> | undefined;
  return r?.content && r.finishReason && r.usage
    ? { content: r.content, finishReason: r.finishReason, usage: r.usage, warnings: [] }
    : null;
};

const NO_RESPONSE: LanguageModelV4GenerateResult = {
  content: [],
  finishReason: { unified: 'other', raw: undefined },
  warnings: [],
  usage: {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 0, text: 0, reasoning: 0 },
  },
};

export function recordedSteps(events: TraceEvent[]): RecordedStep[] {
  return events.flatMap((e): RecordedStep[] => {
    if (e.type === 'model.retry') {
      const { reason, message, status, retryAfterMs } = e.data;
      // An empty reply was a reply: served as one, so the re-run meets it as the run did.
      if (reason === 'empty_reply') return [{ seq: e.seq, agent: e.data.agent, response: NO_RESPONSE }];
      return [
        {
          seq: e.seq,
          agent: e.data.agent,
          response: NO_RESPONSE,
          failure: { kind: reason as ModelFailure['kind'], retryable: true, message, status, retryAfterMs },
        },
      ];
    }
    if (e.type !== 'model.step') return [];
    const response = responseOf(e.data);
    return response ? [{ seq: e.seq, agent: e.data.agent, response }] : [];
  });
}

/** A replacement for one recorded model reply (edit-and-continue). */
export interface EditedReply {
  seq: number;
  text?: string;
  toolCalls?: { toolName: string; input: Record<string, unknown> }[];
}

/**
 * Serves model calls from a run's record, in order, with no network: the n-th call gets
 * the n-th recorded reply, for as long as the record lasts and the calls come from the
 * same agents as before. From `liveFromSeq` on (a fork), or once the record no longer fits,
 * calls go to `live` (or fail, when there is none: a re-run that diverged).
 */
export class ModelRecord {
  #next = 0;
  #live = false;
  onGoLive: (() => void)[] = [];

  constructor(
    readonly steps: RecordedStep[],
    readonly options: { liveFromSeq?: number; edit?: EditedReply } = {},
  ) {}

  /** True once calls are being served live (after the fork point). */
  get isLive(): boolean {
    return this.#live;
  }

  take(agent: string): LanguageModelV4GenerateResult | null {
    if (this.#live) return null;
    const step = this.steps[this.#next];
    const liveFrom = this.options.liveFromSeq ?? Infinity;
    if (step && step.agent === agent && step.seq === this.options.edit?.seq) {
      this.#next++;
      this.#goLiveAfter(step.seq, liveFrom);
      return editedResponse(step, this.options.edit);
    }
    if (!step || step.agent !== agent || step.seq >= liveFrom) {
      this.#goLive();
      return null;
    }
    this.#next++;
    if (step.failure) throw new RecordedModelFailure(step.failure);
    return step.response;
  }

  #goLiveAfter(seq: number, liveFrom: number): void {
    if (seq + 1 >= liveFrom) this.#goLive();
  }

  #goLive(): void {
    if (this.#live) return;
    this.#live = true;
    for (const listener of this.onGoLive) listener();
  }

  /** The model for one agent: the record first, then `live` (if any). */
  modelFor(agent: string, live: LanguageModelV4 | null, label: string): LanguageModelV4 {
    const generate = async (options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> => {
      const recorded = this.take(agent);
      if (recorded) return recorded;
      if (!live)
        throw new Error(`The record has no reply for this ${agent} call: the re-run diverged from the original.`);
      return live.doGenerate(options);
    };
    return {
      specificationVersion: 'v4',
      provider: 'recorded',
      modelId: label,
      supportedUrls: {},
      doGenerate: generate,
      doStream: async () => {
        throw new Error('The recorded model serves generateText only.');
      },
    };
  }
}

function editedResponse(step: RecordedStep, edit: EditedReply): LanguageModelV4GenerateResult {
  const content: LanguageModelV4Content[] = [
    { type: 'reasoning', text: 'Reply edited by a person (edit-and-continue).' },
  ];
  if (edit.text !== undefined || !edit.toolCalls?.length) content.push({ type: 'text', text: edit.text ?? '' });
  edit.toolCalls?.forEach((call, i) =>
    content.push({
      type: 'tool-call',
      toolCallId: `edited_${step.seq}_${i + 1}`,
      toolName: call.toolName,
      input: JSON.stringify(call.input),
    }),
  );
  return {
    ...step.response,
    content,
    finishReason: edit.toolCalls?.length
      ? { unified: 'tool-calls', raw: 'tool_calls' }
      : { unified: 'stop', raw: 'stop' },
  };
}

import { SETTLEMENT_AGENT, type TraceEvent, type TraceEventOf } from '@/lib/trace/events';
import { own } from '@/lib/trace/projections/fold';
import type { RunView } from '@/lib/trace/projections/run-view';
import { recordedRuleView } from '@/lib/wire/fault-rules';
import type { FaultRuleView } from '../api/faults';
import type { ForkInput } from '../api/replay';
import { ruleToInput } from '../chaos/rule-draft';
import { eventLabel } from './event-label';

/**
 * Forking a recorded run: which steps it can fork at (a model step, whose reply can be edited, or
 * a tool result, which can be replaced), the form's defaults for one, and the form → the fork
 * request (lib/replay/replay-run.ts forkRequestSchema), with every field's error named.
 */

export type ForkableEvent = TraceEventOf<'model.step'> | TraceEventOf<'tool.result'>;

/** The harness's settlement calls are not the run's steps: nothing the run decided can be changed there. */
export const isForkable = (event: TraceEvent): event is ForkableEvent =>
  event.type === 'model.step' || (event.type === 'tool.result' && event.agent !== SETTLEMENT_AGENT);

export interface ForkStep {
  seq: number;
  type: ForkableEvent['type'];
  label: string;
}

export function forkSteps(events: readonly TraceEvent[]): ForkStep[] {
  return events.filter(isForkable).map((e) => ({ seq: e.seq, type: e.type, label: eventLabel(e) }));
}

/** The step to fork at for what is on screen: the selected span's step, else the last one at or before the replay position. */
export function defaultForkSeq(
  view: RunView,
  selectedSpanId: string | null,
  events: readonly TraceEvent[],
  position: number,
): number | null {
  const span = selectedSpanId ? own(view.spans.spans, selectedSpanId) : undefined;
  const own_ = span?.events.find(isForkable);
  if (own_) return own_.seq;
  for (let i = Math.min(position, events.length) - 1; i >= 0; i--) if (isForkable(events[i])) return events[i].seq;
  return events.find(isForkable)?.seq ?? null;
}

export type ForkChange = 'faults' | 'reply' | 'toolResult';

/** Fault choices whose rules the person edits one by one (form.rules); any other non-empty choice is a preset id. */
export const EDITABLE_FAULTS = {
  parent: "the parent's rules at the fork step",
  now: 'the rules in force now',
  none: 'no faults at all',
} as const;
export type EditableFaults = keyof typeof EDITABLE_FAULTS;
export const isEditableFaults = (faults: string): faults is EditableFaults => Object.hasOwn(EDITABLE_FAULTS, faults);

export interface ForkForm {
  atSeq: number;
  change: ForkChange;
  /**
   * '' keeps the parent's rules (and their recorded changes) as they were; 'parent' | 'now' | 'none' start
   * from those rules and send `rules` as edited; else a preset id.
   */
  faults: string;
  /** The rules sent when `faults` is editable. */
  rules: FaultRuleView[];
  replyText: string;
  /** JSON: [{ toolName, input }] */
  replyToolCalls: string;
  /** JSON: what the tool answers instead. */
  toolResult: string;
}

const pretty = (value: unknown) => JSON.stringify(value ?? null, null, 2);

/** The form for a step, filled with what was recorded there (so an edit starts from the original). */
export function forkFormFor(event: ForkableEvent, previous?: ForkForm): ForkForm {
  const base = {
    atSeq: event.seq,
    faults: previous?.faults ?? '',
    rules: previous?.rules ?? [],
    replyText: '',
    replyToolCalls: '[]',
    toolResult: 'null',
  };
  // Other fault rules unless the person chose to edit this kind of step: a fresh form never opens on an edit (often of an empty reply).
  if (event.type === 'model.step') {
    const change = previous?.change === 'reply' ? 'reply' : 'faults';
    return {
      ...base,
      change,
      replyText: event.data.text,
      replyToolCalls: pretty(event.data.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input }))),
    };
  }
  const change = previous?.change === 'toolResult' ? 'toolResult' : 'faults';
  return {
    ...base,
    change,
    toolResult: pretty(event.data.output !== undefined ? event.data.output : { ok: false, error: event.data.error }),
  };
}

/**
 * The rules the parent ran under just before a step: its start snapshot, then the last change it
 * recorded before the step. A recorded rule that no longer parses is left out, as the injector does.
 */
export function parentRulesAt(events: readonly TraceEvent[], seq: number): FaultRuleView[] {
  let recorded: unknown[] = [];
  for (const e of events) {
    if (e.seq >= seq) break;
    if (e.type === 'run.started') recorded = e.data.faultRules;
    else if (e.type === 'faults.changed') recorded = e.data.rules;
  }
  return recorded.flatMap((row) => {
    const view = recordedRuleView(row);
    return view ? [view] : [];
  });
}

export type ForkRequestResult =
  | { ok: true; input: ForkInput }
  | { ok: false; errors: Partial<Record<'faults' | 'replyToolCalls' | 'toolResult', string>> };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function forkRequest(form: ForkForm): ForkRequestResult {
  const faults = isEditableFaults(form.faults)
    ? { faultRules: form.rules.map(ruleToInput) }
    : form.faults
      ? { faultPreset: form.faults }
      : {};
  if (form.change === 'faults') {
    if (!form.faults)
      return {
        ok: false,
        errors: {
          faults:
            'Pick other fault rules (or edit the reply or result instead): the same rules would replay the same run.',
        },
      };
    return { ok: true, input: { atSeq: form.atSeq, ...faults } };
  }
  if (form.change === 'reply') {
    const calls = parseJson(form.replyToolCalls.trim() || '[]');
    if (!calls.ok) return { ok: false, errors: { replyToolCalls: calls.message } };
    const list = calls.value;
    if (
      !Array.isArray(list) ||
      !list.every((c) => isRecord(c) && typeof c.toolName === 'string' && c.toolName !== '' && isRecord(c.input))
    ) {
      return { ok: false, errors: { replyToolCalls: 'must be a list of { "toolName": "…", "input": { … } }' } };
    }
    const toolCalls = list.map((c) => ({ toolName: String(c.toolName), input: c.input as Record<string, unknown> }));
    return {
      ok: true,
      input: {
        atSeq: form.atSeq,
        ...faults,
        editReply: { text: form.replyText, ...(toolCalls.length ? { toolCalls } : {}) },
      },
    };
  }
  const result = parseJson(form.toolResult);
  if (!result.ok) return { ok: false, errors: { toolResult: result.message } };
  return { ok: true, input: { atSeq: form.atSeq, ...faults, editToolResult: result.value } };
}

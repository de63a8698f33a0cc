import { TOOLS } from '@/lib/protocol/agents';
import { Facts, readOutcome, toolOutcomes } from '../domain';
import type { Observation } from '../prompt-reader';
import type { GroundAction, Goal } from '../strips';

/** Calls to the same operation before the agent gives up on it. */
export const MAX_ATTEMPTS = 3;
/**
 * Rate limits the agent waits out before they count as failed attempts: a 429 says when to come
 * back, it is not the operation failing.
 */
export const MAX_RATE_LIMIT_WAITS = 5;
const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

export const backoffMs = (attempt: number): number =>
  Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));

/**
 * One service operation a specialist carries out for a task, declared as data:
 * how to call it, how to check its reply against what was asked, how to learn the
 * truth when the reply was lost, and how to undo it.
 */
export interface SpecialistOperation<Task> {
  op: string;
  tool: string;
  input(task: Task, attempt: number): Record<string, unknown>;
  /** Names of result fields that disagree with what was asked (a corrupted but plausible reply). */
  verify?(task: Task, value: Record<string, unknown>): string[];
  /** A tool that says, by idempotency key, whether the operation happened: for money, where a timeout may hide a success. */
  status?: {
    tool: string;
    /** Does the status record confirm what was asked? */
    confirms(task: Task, record: Record<string, unknown>): boolean;
    /** The operation's result rebuilt from the status record. */
    toResult(record: Record<string, unknown>): Record<string, unknown>;
    /** How to look up a reply found wrong (default: by the idempotency key it was made with). */
    lookup?(task: Task, reply: Record<string, unknown>): Record<string, unknown>;
    /** Whether the record says the operation went through (default: status "succeeded"). */
    succeeded?(record: Record<string, unknown>): boolean;
  };
  /** Undoing a success that turned out wrong; `redo` says whether to try again after. */
  undo?: { tool: string; input(task: Task, value: Record<string, unknown>): Record<string, unknown>; redo: boolean };
  /** Reads, and writes idempotent per request: a wrong reply is simply asked again (within the attempt bound). */
  repeatable?: boolean;
  /**
   * A reply that names what the request cannot check (a new id, a card written off): trusted once asking
   * again (a read, or an idempotent write) gives the same answer.
   */
  confirmByRepeat?(task: Task, value: Record<string, unknown>): boolean;
  /** Error codes that mean "known answer, stop" even if the service marks them retryable. */
  finalCodes?: string[];
  /**
   * Work that may be left for later (a message): once the live call keeps failing on transient errors,
   * hand it to a queue that carries it out later. A second action reaching a second goal, "deferred".
   */
  defer?: { op: string; tool: string; input(task: Task): Record<string, unknown> };
}

/** The idempotency key of attempt n: a fresh key per attempt, so a retry is never mistaken for a replay. */
export const attemptKey = (base: string, attempt: number): string =>
  attempt <= 1 ? base : `${base}:retry${attempt - 1}`;

/** Rebuilds the facts of one operation from the conversation. */
export function observeOperation<Task>(
  spec: SpecialistOperation<Task>,
  task: Task,
  observations: Observation[],
  facts = new Facts(),
): Facts {
  for (const [obs, outcome] of toolOutcomes(observations, facts)) {
    if (obs.toolName === spec.tool) {
      // Calls mint idempotency keys (one per call); attempts are what the retry bound counts.
      facts.bump('calls');
      const attempt = facts.bump('attempts');
      facts.set('lastKey', obs.input.idempotencyKey);
      if (outcome.ok) {
        const wrong = spec.verify?.(task, outcome.value) ?? [];
        if (wrong.length > 0) {
          facts.set('wrongValue', outcome.value);
          facts.note(`${spec.op} replied with ${wrong.join(', ')} different from what was asked`);
          if (spec.status) facts.add('mismatch');
          else if (!spec.repeatable) facts.add('wrong', 'needs_undo');
        } else if (spec.confirmByRepeat?.(task, outcome.value) && !sameValue(facts.get('unconfirmed'), outcome.value)) {
          facts.set('unconfirmed', outcome.value);
          facts.note(`${spec.op} replied with what cannot be checked against the request: ask again to confirm it`);
        } else {
          facts.add('done');
          facts.del('unknown');
          facts.set('result', outcome.value);
        }
      } else {
        recordError(spec, facts, outcome.error!, attempt, obs);
      }
    } else if (spec.status && obs.toolName === spec.status.tool) {
      if (!outcome.ok) {
        const n = facts.bump('statusAttempts');
        if (outcome.error!.retryable && n < MAX_ATTEMPTS)
          setBackoff(facts, outcome.error!.retryAfterMs ?? backoffMs(n));
        else facts.add('status_exhausted');
        continue;
      }
      const record = outcome.value;
      const checkingMismatch = facts.has('mismatch');
      facts.del('unknown', 'mismatch');
      if (record.found !== true) {
        facts.note(`status check: no ${spec.op} was recorded under that key, so retrying is safe`);
        continue;
      }
      const succeeded = spec.status.succeeded?.(record) ?? record.status === 'succeeded';
      if (succeeded && spec.status.confirms(task, record)) {
        facts.add('done');
        facts.set('result', spec.status.toResult(record));
        facts.note(`status check: the ${spec.op} did succeed${checkingMismatch ? ' with the right values' : ''}`);
      } else if (succeeded) {
        facts.add('wrong', 'needs_undo');
        facts.set('wrongValue', spec.status.toResult(record));
        facts.note(`status check: the ${spec.op} succeeded with wrong values; it must be undone`);
      } else {
        facts.add('failed');
        facts.set('lastError', {
          code: String(record.errorCode ?? 'failed'),
          message: `The ${spec.op} was recorded as failed.`,
          retryable: false,
        });
      }
    } else if (spec.defer && obs.toolName === spec.defer.tool) {
      const wrong = outcome.ok && spec.status ? (spec.verify?.(task, outcome.value) ?? []) : [];
      if (wrong.length > 0) {
        // Checked like the live call's reply: the record decides.
        facts.set('wrongValue', outcome.value);
        facts.add('mismatch');
        facts.note(`${spec.defer.op} replied with ${wrong.join(', ')} different from what was asked`);
      } else if (outcome.ok) {
        facts.add('deferred');
        facts.set('result', { ...outcome.value, status: 'queued' });
        facts.note(`${spec.op} could not be done now: ${spec.defer.op} will carry it out later`);
      } else if (outcome.error!.retryable && facts.bump('deferAttempts') < MAX_ATTEMPTS) {
        setBackoff(facts, outcome.error!.retryAfterMs ?? backoffMs(facts.count('deferAttempts')));
      } else {
        facts.add('defer_failed');
        facts.set('lastError', outcome.error);
      }
    } else if (spec.undo && obs.toolName === spec.undo.tool) {
      if (outcome.ok) {
        facts.del('needs_undo');
        facts.add('undone');
        if (spec.undo.redo) facts.del('wrong');
        else {
          facts.add('failed');
          facts.set('lastError', {
            code: 'mismatch',
            message: `The ${spec.op} reply did not match the request; it was undone.`,
            retryable: false,
          });
        }
      } else if (outcome.error!.retryable && facts.bump('undoAttempts') < MAX_ATTEMPTS) {
        setBackoff(facts, outcome.error!.retryAfterMs ?? backoffMs(facts.count('undoAttempts')));
      } else {
        facts.del('needs_undo');
        facts.add('failed', 'undo_failed');
        facts.set('lastError', {
          code: 'undo_failed',
          message: `Could not undo a wrong ${spec.op}: ${outcome.error!.message}`,
          retryable: false,
        });
        // What went through and still stands, so that whoever asked can undo it later.
        facts.set('partial', facts.get('wrongValue'));
      }
    }
  }
  if (facts.count('attempts') >= MAX_ATTEMPTS && !facts.has('done')) {
    facts.add('exhausted');
    // A write that kept answering "done, but not what you asked" may well have happened: undo it before giving up.
    if (spec.undo && spec.repeatable && facts.get('wrongValue') !== undefined && !facts.has('undone'))
      facts.add('needs_undo');
  }
  return facts;
}

/** Two replies of the same service say the same thing (the service builds them the same way, keys in the same order). */
export const sameValue = (a: unknown, b: unknown): boolean =>
  a !== undefined && JSON.stringify(a) === JSON.stringify(b);

function setBackoff(facts: Facts, ms: number): void {
  facts.add('backoff');
  facts.set('backoffMs', ms);
}

function recordError<Task>(
  spec: SpecialistOperation<Task>,
  facts: Facts,
  error: NonNullable<ReturnType<typeof readOutcome>>['error'] & object,
  attempt: number,
  obs: Observation,
): void {
  facts.set('lastError', error);
  if (!error.retryable || spec.finalCodes?.includes(error.code)) {
    facts.add('failed');
    facts.note(`${spec.op} failed: ${error.code} (not retryable)`);
    return;
  }
  if (error.code === 'rate_limited' && facts.bump('rateLimits') <= MAX_RATE_LIMIT_WAITS) {
    facts.set('attempts', attempt - 1);
    facts.note(
      `${spec.op} was rate limited: wait ${error.retryAfterMs ?? backoffMs(attempt)} ms as told, then try again`,
    );
    setBackoff(facts, error.retryAfterMs ?? backoffMs(attempt));
    return;
  }
  if (spec.status && error.code === 'gateway_timeout') {
    // The request may have gone through with the reply lost: learn the truth before any retry.
    facts.add('unknown');
    facts.set('unknownKey', obs.input.idempotencyKey);
    facts.note(`${spec.op} timed out: outcome unknown, check status before retrying`);
  } else {
    facts.note(`${spec.op} failed: ${error.code} (retryable, attempt ${attempt} of ${MAX_ATTEMPTS})`);
  }
  // No backoff after the last attempt unless a status check may still lead to one: nothing else waits for it.
  if (attempt < MAX_ATTEMPTS || facts.has('unknown')) setBackoff(facts, error.retryAfterMs ?? backoffMs(attempt));
}

/** The ground actions of one operation in the current facts. */
export function operationActions<Task>(spec: SpecialistOperation<Task>, task: Task, facts: Facts): GroundAction[] {
  const actions: GroundAction[] = [
    {
      name: spec.op,
      args: [],
      pre: [],
      preNot: ['done', 'unknown', 'backoff', 'exhausted', 'failed', 'mismatch', 'wrong'],
      add: ['done'],
      cost: 1,
      call: { toolName: spec.tool, input: spec.input(task, facts.count('calls') + 1) },
      why: facts.count('attempts') > 0 ? `retry ${spec.op} (attempt ${facts.count('attempts') + 1})` : undefined,
    },
    {
      name: 'wait',
      args: [],
      pre: ['backoff'],
      del: ['backoff'],
      add: [],
      cost: 1,
      call: {
        toolName: TOOLS.wait,
        input: { ms: facts.get<number>('backoffMs') ?? backoffMs(1), reason: `back off before retrying ${spec.op}` },
      },
    },
  ];
  if (spec.status) {
    actions.push(
      {
        // Asking what happened is safe at once; only a new attempt waits for the backoff.
        name: 'check_status',
        args: [],
        pre: ['unknown'],
        preNot: ['status_exhausted'],
        del: ['unknown'],
        add: ['done'],
        cost: 1,
        call: { toolName: spec.status.tool, input: { idempotencyKey: facts.get<string>('unknownKey') ?? '' } },
        why: 'the last attempt timed out: check whether it went through before retrying',
      },
      {
        name: 'verify',
        args: [],
        pre: ['mismatch'],
        preNot: ['status_exhausted'],
        del: ['mismatch'],
        add: ['done'],
        cost: 1,
        call: {
          toolName: spec.status.tool,
          input: spec.status.lookup
            ? spec.status.lookup(task, facts.get<Record<string, unknown>>('wrongValue') ?? {})
            : { idempotencyKey: facts.get<string>('lastKey') ?? '' },
        },
        why: 'the reply disagrees with the request: check the record',
      },
    );
  }
  if (spec.defer) {
    actions.push({
      // Only once the live call cannot be done now: the cheaper, first-ranked goal is doing it.
      name: spec.defer.op,
      args: [],
      pre: ['exhausted'],
      preNot: ['done', 'deferred', 'defer_failed', 'backoff'],
      add: ['deferred'],
      cost: 1,
      call: { toolName: spec.defer.tool, input: spec.defer.input(task) },
      why: `${spec.op} keeps failing: leave it to ${spec.defer.op}, which delivers it later`,
    });
  }
  if (spec.undo) {
    const wrong = facts.get<Record<string, unknown>>('wrongValue') ?? {};
    actions.push({
      name: `undo_${spec.op}`,
      args: [],
      pre: ['needs_undo'],
      preNot: ['backoff'],
      del: ['needs_undo', ...(spec.undo.redo ? ['wrong'] : [])],
      add: ['undone'],
      cost: 1,
      call: { toolName: spec.undo.tool, input: spec.undo.input(task, wrong) },
      why: `the ${spec.op} went wrong: undo it`,
    });
  }
  return actions;
}

export function operationGoals(spec: { op: string; defer?: { op: string } }): Goal[] {
  return [
    { name: `${spec.op} done`, all: ['done'] },
    ...(spec.defer ? [{ name: `left to ${spec.defer.op}`, all: ['deferred'] }] : []),
    { name: 'nothing left half-done', all: [], none: ['needs_undo'] },
  ];
}

/** Goal ranks that are a done job: the operation, or its deferral. */
export const operationOkRanks = (spec: { defer?: unknown }): number[] => (spec.defer ? [0, 1] : [0]);

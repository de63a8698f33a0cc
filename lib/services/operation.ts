/**
 * One pipeline for every operation: validate → (replay) → ask the injector → apply the
 * fault's effect around the real work → report the fault before answering.
 */
import type { z } from 'zod';
import type { FaultKind } from '@/lib/faults/catalog';
import type { FaultCall, FaultDecision } from '@/lib/faults/injector';
import type { ToolCallRef } from '@/lib/runtime/tool-span';
import type { ServiceContext } from './context';
import { gatewayTimeout } from './errors';
import { injectedError, type FaultScope } from './fault-effects';
import { fail, type ServiceError, type ServiceName, type ServiceResult } from './types';
import { validate } from './validation';

/** A reply rewritten by a fault, and what was changed (for the trace, never for the caller). */
export interface Reshaped<T> {
  value: T;
  detail: string;
}

type Reshaper<I, T> = (value: T, decision: FaultDecision, input: I) => Promise<Reshaped<T> | null> | Reshaped<T> | null;

export interface OperationSpec<S extends z.ZodType, T> {
  service: ServiceName;
  operation: string;
  input: S;
  /** Who and what the call is about (customer, card, carrier, SKUs, address). */
  scope?: (input: z.output<S>) => Promise<FaultScope>;
  /** An answer already on record (idempotency): given before any fault, as a gateway would. */
  replay?: (input: z.output<S>, call?: ToolCallRef) => Promise<ServiceResult<T> | null>;
  /** The real work. `forced` is an injected outcome the operation records as if it were real. */
  run: (input: z.output<S>, forced?: ServiceError, call?: ToolCallRef) => Promise<ServiceResult<T>>;
  /** Error kinds handed to run() as `forced` rather than returned straight away. */
  recordsInjected?: readonly FaultKind[];
  /** Kinds that let the call through and rewrite its reply (corrupted_reply; out_of_stock on a check). Null: nothing to rewrite. */
  reshape?: Partial<Record<FaultKind, Reshaper<z.output<S>, T>>>;
}

/** `call`: the tool call it is made for (faults are reported on its span); absent outside a run's tools (settlement). */
export type Operation<S extends z.ZodType, T> = (input: z.input<S>, call?: ToolCallRef) => Promise<ServiceResult<T>>;

export function defineOperation<S extends z.ZodType, T>(
  ctx: ServiceContext,
  spec: OperationSpec<S, T>,
): Operation<S, T> {
  return async (raw, toolCall) => {
    const report = (decision: FaultDecision, effect: string, detail?: string) =>
      ctx.reporter.faultInjected(
        {
          ruleId: decision.ruleId,
          ruleName: decision.ruleName,
          service: spec.service,
          operation: spec.operation,
          kind: decision.kind,
          effect,
          ...(detail ? { detail } : {}),
        },
        toolCall,
      );
    const parsed = validate(spec.input, raw);
    if (!parsed.ok) return parsed;
    const input = parsed.value;

    const replayed = spec.replay ? await spec.replay(input, toolCall) : null;
    if (replayed) return replayed;

    // A time window is judged by the run's time, whoever built the injector.
    const call = { service: spec.service, operation: spec.operation, at: ctx.clock.now() };
    // Who and what the call is about costs reads: made only if the injector asks (a rule of this service could fire), once.
    let scope: FaultScope = {};
    let scoped: Promise<FaultCall> | null = null;
    const scopedCall = () =>
      (scoped ??= (spec.scope ? spec.scope(input) : Promise.resolve({})).then((found: FaultScope) => {
        scope = found;
        return {
          ...call,
          customerId: found.customerId,
          paymentMethodId: found.paymentMethodId,
          cardRole: found.cardRole,
          carrier: found.carrier,
          skus: found.skus,
        };
      }));
    const decision = await ctx.faults.check({ ...call, scoped: scopedCall });
    if (!decision) return spec.run(input, undefined, toolCall);
    // An injector that decided without asking: the effect still needs the scope.
    await scopedCall();

    const reshaper = spec.reshape?.[decision.kind];
    if (reshaper) {
      const result = await spec.run(input, undefined, toolCall);
      const reshaped = result.ok ? await reshaper(result.value, decision, input) : null;
      if (!reshaped) {
        await report(
          decision,
          result.ok ? 'unchanged' : result.error.code,
          'the reply had nothing to rewrite; passed through as is',
        );
        return result;
      }
      await report(decision, decision.kind === 'corrupted_reply' ? 'corrupted' : decision.kind, reshaped.detail);
      return { ok: true, value: reshaped.value };
    }

    if (decision.kind === 'latency') {
      const ms = decision.params.latencyMs ?? 1000;
      await report(decision, 'latency', `held ${ms} ms`);
      await ctx.clock.sleep(ms);
      return spec.run(input, undefined, toolCall);
    }

    if (decision.kind === 'ambiguous_success') {
      const result = await spec.run(input, undefined, toolCall);
      const happened = result.ok ? 'the operation succeeded' : `the operation failed with ${result.error.code}`;
      await report(decision, 'ambiguous_success', `${happened}; the reply was lost as a timeout`);
      return fail(gatewayTimeout(spec.operation));
    }

    const error = injectedError(decision, scope);
    if (!error) {
      await report(decision, 'unchanged', 'the call lacked what this fault needs; the real operation answered');
      return spec.run(input, undefined, toolCall);
    }
    if (spec.recordsInjected?.includes(decision.kind)) {
      const result = await spec.run(input, error, toolCall);
      await report(decision, result.ok ? 'unchanged' : result.error.code);
      return result;
    }
    await report(decision, error.code);
    return fail(error);
  };
}

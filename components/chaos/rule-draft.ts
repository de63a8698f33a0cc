import { faultRuleViewSchema } from '@/lib/wire/fault-rules';
import type { FaultParams, FaultRuleFieldsView, FaultRuleView } from '../api/faults';
import { kindsOf, operationsOf, type FaultCatalogView } from './fault-choices';

/** The rule editor's form: every field as the inputs hold it (text), turned into an API body on save. */
export interface RuleDraft {
  name: string;
  service: string;
  operation: string;
  kind: string;
  enabled: boolean;
  trigger: string;
  probability: string;
  seed: string;
  remainingCalls: string;
  customerId: string;
  paymentMethodId: string;
  /** datetime-local text, in the browser's time zone. */
  activeFrom: string;
  activeUntil: string;
  latencyMs: string;
  retryAfterMs: string;
  cardRole: string;
  carrier: string;
  sku: string;
}

export interface FieldProblem {
  path: string;
  message: string;
}

const RETRY_AFTER_KINDS = new Set(['rate_limited', 'service_down', 'carrier_outage', 'provider_down']);

/** Which optional settings the form shows for a service and kind. */
export function paramFields(service: string, kind: string): (keyof FaultParams)[] {
  const fields: (keyof FaultParams)[] = [];
  if (kind === 'latency') fields.push('latencyMs');
  if (RETRY_AFTER_KINDS.has(kind)) fields.push('retryAfterMs');
  if (service === 'payment') fields.push('cardRole');
  if (service === 'shipping') fields.push('carrier');
  if (service === 'inventory') fields.push('sku');
  return fields;
}

export function emptyDraft(catalog: FaultCatalogView): RuleDraft {
  const service = catalog.services[0]?.name ?? 'payment';
  const kind = kindsOf(catalog, service)[0]?.kind ?? '';
  return {
    name: '',
    service,
    operation: '*',
    kind,
    enabled: true,
    trigger: 'always',
    probability: '0.5',
    seed: '1',
    remainingCalls: '1',
    customerId: '',
    paymentMethodId: '',
    activeFrom: '',
    activeUntil: '',
    latencyMs: '800',
    retryAfterMs: '',
    cardRole: '',
    carrier: '',
    sku: '',
  };
}

/** An ISO instant as datetime-local text in the browser's zone (what the input shows). */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

const text = (value: number | string | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

export function draftFromRule(rule: FaultRuleView, catalog: FaultCatalogView): RuleDraft {
  return {
    ...emptyDraft(catalog),
    name: rule.name,
    service: rule.service,
    operation: rule.operation,
    kind: rule.kind,
    enabled: rule.enabled,
    trigger: rule.trigger,
    probability: text(rule.probability) || '0.5',
    seed: text(rule.seed) || '1',
    remainingCalls: text(rule.remainingCalls) || '1',
    customerId: text(rule.customerId),
    paymentMethodId: text(rule.paymentMethodId),
    activeFrom: isoToLocalInput(rule.activeFrom),
    activeUntil: isoToLocalInput(rule.activeUntil),
    latencyMs: text(rule.params.latencyMs) || '800',
    retryAfterMs: text(rule.params.retryAfterMs),
    cardRole: text(rule.params.cardRole),
    carrier: text(rule.params.carrier),
    sku: text(rule.params.sku),
  };
}

/** After the service or kind changed: keep the draft consistent with what the catalog allows. */
export function reconcileDraft(draft: RuleDraft, catalog: FaultCatalogView): RuleDraft {
  const kinds = kindsOf(catalog, draft.service);
  const kind = kinds.some((k) => k.kind === draft.kind) ? draft.kind : (kinds[0]?.kind ?? '');
  const operation = operationsOf(catalog, draft.service, kind).includes(draft.operation) ? draft.operation : '*';
  return { ...draft, kind, operation };
}

function number(
  raw: string,
  path: string,
  problems: FieldProblem[],
  { min, max, integer }: { min: number; max: number; integer: boolean },
): number | null {
  const value = Number(raw.trim());
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    problems.push({ path, message: `Enter ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.` });
    return null;
  }
  return value;
}

const fields = faultRuleViewSchema.shape;
const CARRIER = fields.params.shape.carrier.unwrap();

/** A select's value as one of the API's choices (the options come from the catalog, so a miss is a stale form). */
function choice<T extends string>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  raw: string,
  path: string,
  problems: FieldProblem[],
): T | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push({ path, message: `"${raw}" is not one of the choices.` });
  return undefined;
}

function instant(raw: string, path: string, problems: FieldProblem[]): string | null {
  if (!raw) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) {
    problems.push({ path, message: 'Enter a date and time.' });
    return null;
  }
  return d.toISOString();
}

/**
 * The API body for a draft, sending only what the chosen trigger and kind use, or the
 * problems the form can tell at once (the API checks everything again and has the last word).
 */
export function draftToInput(
  draft: RuleDraft,
): { input: FaultRuleFieldsView; problems: [] } | { input: null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const t = draft.trigger;
  const probability =
    t === 'probability' ? number(draft.probability, 'probability', problems, { min: 0, max: 1, integer: false }) : null;
  const seed =
    t === 'probability' ? number(draft.seed, 'seed', problems, { min: 0, max: 2 ** 31 - 1, integer: true }) : null;
  const remainingCalls =
    t === 'next_n'
      ? number(draft.remainingCalls, 'remainingCalls', problems, { min: 0, max: 1_000_000, integer: true })
      : null;
  const customerId = t === 'customer' ? draft.customerId || null : null;
  if (t === 'customer' && !customerId) problems.push({ path: 'customerId', message: 'Pick a customer.' });
  const paymentMethodId = t === 'card' ? draft.paymentMethodId || null : null;
  if (t === 'card' && !paymentMethodId) problems.push({ path: 'paymentMethodId', message: 'Pick a card.' });
  const activeFrom = t === 'window' ? instant(draft.activeFrom, 'activeFrom', problems) : null;
  const activeUntil = t === 'window' ? instant(draft.activeUntil, 'activeUntil', problems) : null;
  if (t === 'window' && !draft.activeFrom && !draft.activeUntil)
    problems.push({ path: 'activeFrom', message: 'Set a start, an end or both.' });

  const params: FaultParams = {};
  const shown = new Set(paramFields(draft.service, draft.kind));
  if (shown.has('latencyMs'))
    params.latencyMs =
      number(draft.latencyMs, 'params.latencyMs', problems, { min: 0, max: 120_000, integer: true }) ?? undefined;
  if (shown.has('retryAfterMs') && draft.retryAfterMs.trim()) {
    params.retryAfterMs =
      number(draft.retryAfterMs, 'params.retryAfterMs', problems, { min: 0, max: 3_600_000, integer: true }) ??
      undefined;
  }
  if (shown.has('cardRole') && (draft.cardRole === 'primary' || draft.cardRole === 'backup'))
    params.cardRole = draft.cardRole;
  if (shown.has('carrier') && draft.carrier)
    params.carrier = choice(CARRIER, draft.carrier, 'params.carrier', problems);
  if (shown.has('sku') && draft.sku.trim()) params.sku = draft.sku.trim();
  if (!draft.kind) problems.push({ path: 'kind', message: 'Pick a kind of fault.' });
  const service = choice(fields.service, draft.service, 'service', problems);
  const kind = draft.kind ? choice(fields.kind, draft.kind, 'kind', problems) : undefined;
  const trigger = choice(fields.trigger, t, 'trigger', problems);

  if (problems.length || !service || !kind || !trigger) return { input: null, problems };
  return {
    problems: [],
    input: {
      name: draft.name.trim(),
      service,
      operation: draft.operation,
      kind,
      enabled: draft.enabled,
      trigger,
      probability,
      seed,
      remainingCalls,
      customerId,
      paymentMethodId,
      activeFrom,
      activeUntil,
      params,
    },
  };
}

/** A rule as a body to create it again elsewhere (a fork's rules): its settings, not its id or counters. */
export function ruleToInput({
  id: _id,
  hitCount: _hits,
  evalCount: _evals,
  createdAt: _created,
  updatedAt: _updated,
  ...fields
}: FaultRuleView): FaultRuleFieldsView {
  return fields;
}

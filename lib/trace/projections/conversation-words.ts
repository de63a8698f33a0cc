import { z } from 'zod';

/**
 * What agents and services did, said in words a person recognises: card brand and last four
 * instead of payment-method ids, product names instead of SKUs, money instead of cents. The
 * conversation fold (conversation.ts) keeps actions as data; these turn them into sentences when
 * they are shown, with whatever names are known by then (a card first seen in a later event, or
 * product names the order API adds, still resolve earlier lines).
 */

export interface CardName {
  brand: string;
  last4: string;
  role?: string;
}

/** Ids and what they stand for, learnt from the run's own events (and, in the browser, the order API). */
export interface Names {
  /** payment-method id → card */
  cards: Readonly<Record<string, CardName>>;
  /** SKU → product name */
  products: Readonly<Record<string, string>>;
  /** authorization id → payment-method id */
  authorizations: Readonly<Record<string, string>>;
}

export const emptyNames: Names = { cards: {}, products: {}, authorizations: {} };

export function mergeNames(base: Names, extra: Partial<Names>): Names {
  return {
    cards: { ...base.cards, ...extra.cards },
    products: { ...base.products, ...extra.products },
    authorizations: { ...base.authorizations, ...extra.authorizations },
  };
}

/**
 * One thing an agent asked for or did: `key` is `<service>:<operation>` in lower case without
 * separators, the same for a specialist's tool (payment_authorize), the orchestrator's call
 * (payment.authorize) and a CheckoutAgent task ({action: 'authorize'} to the PaymentAgent).
 */
export interface Action {
  key: string;
  input: Readonly<Record<string, unknown>>;
}

const TASK_SERVICE: Record<string, string> = {
  InventoryAgent: 'inventory',
  PaymentAgent: 'payment',
  ShippingAgent: 'shipping',
  NotificationAgent: 'notification',
  CustomerAgent: 'customer',
};

const record = z.record(z.string(), z.unknown());
const asRecord = (value: unknown): Record<string, unknown> => {
  const parsed = record.safeParse(value);
  return parsed.success ? parsed.data : {};
};
const squash = (op: string) => op.replace(/[_\s-]/g, '').toLowerCase();

/** A tool call as an action: `service_operation`, `service.operation`, or `wait`. */
export function toolAction(toolName: string, input: unknown): Action {
  const dot = toolName.indexOf('.');
  const cut = dot >= 0 ? dot : toolName.indexOf('_');
  const key = cut < 0 ? squash(toolName) : `${toolName.slice(0, cut)}:${squash(toolName.slice(cut + 1))}`;
  return { key, input: asRecord(input) };
}

/** A CheckoutAgent task to a specialist as an action (null when the task names no action). */
export function taskAction(specialist: string, task: unknown): Action | null {
  const input = asRecord(task);
  const service = TASK_SERVICE[specialist];
  if (!service || typeof input.action !== 'string') return null;
  return { key: `${service}:${squash(input.action)}`, input };
}

// ---- small readers of untyped payloads ----

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const itemsSchema = z.array(z.object({ sku: z.string(), quantity: z.number() }).loose());
const methodsSchema = z.array(
  z
    .object({
      id: z.string(),
      brand: z.string(),
      last4: z.string(),
      role: z.string().optional(),
      status: z.string().optional(),
    })
    .loose(),
);

export function itemsOf(value: unknown): { sku: string; quantity: number }[] | undefined {
  const parsed = itemsSchema.safeParse(value);
  return parsed.success ? parsed.data.map(({ sku, quantity }) => ({ sku, quantity })) : undefined;
}

export function methodsOf(value: unknown): z.infer<typeof methodsSchema> | undefined {
  const parsed = methodsSchema.safeParse(asRecord(value).methods);
  return parsed.success ? parsed.data : undefined;
}

/** A service reply's value: `{ ok, value }` from a service, or the result of a specialist's answer. */
export function valueOf(output: unknown): Record<string, unknown> {
  const o = asRecord(output);
  if ('ok' in o && 'value' in o) return asRecord(o.value);
  if ('status' in o && 'result' in o && 'action' in o) return asRecord(o.result);
  return o;
}

// ---- words ----

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'Amex', discover: 'Discover' };
const CARRIERS: Record<string, string> = { ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', usps: 'USPS' };

// Made once: constructing a NumberFormat costs far more than formatting with one.
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function money(cents: number | undefined): string {
  return cents === undefined ? 'the amount' : USD.format(cents / 100);
}

export function cardLabel(card: CardName): string {
  return `${BRANDS[card.brand.toLowerCase()] ?? card.brand} ··${card.last4}`;
}

/** A payment method as a person knows it; an unknown id stays an id rather than being guessed. */
export function cardWords(paymentMethodId: unknown, names: Names): string {
  const id = str(paymentMethodId);
  if (!id) return 'a card';
  const card = Object.hasOwn(names.cards, id) ? names.cards[id] : undefined;
  if (card) return cardLabel(card);
  return id.startsWith('pm_cardreq') ? 'the new card' : id;
}

function cardOfAuthorization(authorizationId: unknown, names: Names): string | undefined {
  const id = str(authorizationId);
  const pm = id && Object.hasOwn(names.authorizations, id) ? names.authorizations[id] : undefined;
  return pm ? cardWords(pm, names) : undefined;
}

export function itemsWords(
  items: { sku: string; quantity: number }[] | undefined,
  names: Names,
  fallback: string,
): string {
  if (!items?.length) return fallback;
  return items
    .map((i) => `${i.quantity} × ${Object.hasOwn(names.products, i.sku) ? names.products[i.sku] : i.sku}`)
    .join(', ');
}

const carrier = (v: unknown) => (str(v) ? (CARRIERS[String(v).toLowerCase()] ?? String(v)) : 'the carrier');

/** What is asked, as an imperative ("Authorize $129.00 on Mastercard ··4444"). */
export function actionWords(action: Action, names: Names): string {
  const i = action.input;
  const on = (v: string | undefined) => (v ? ` on ${v}` : '');
  switch (action.key) {
    case 'payment:authorize':
      return `Authorize ${money(num(i.amountCents))} on ${cardWords(i.paymentMethodId, names)}`;
    case 'payment:capture':
      return `Capture ${money(num(i.amountCents))}${on(cardOfAuthorization(i.authorizationId, names))}`;
    case 'payment:void':
      return `Void the hold${on(cardOfAuthorization(i.authorizationId, names))}`;
    case 'payment:refund':
      return `Refund ${money(num(i.amountCents))}`;
    case 'payment:status':
      return 'Check the payment status';
    case 'inventory:check':
      return `Check stock for ${itemsWords(itemsOf(i.items), names, "the order's items")}`;
    case 'inventory:reserve':
      return `Reserve ${itemsWords(itemsOf(i.items), names, "the order's stock")}`;
    case 'inventory:release':
      return `Release ${itemsWords(itemsOf(i.items), names, "the order's stock")}`;
    case 'inventory:commit':
      return `Commit ${itemsWords(itemsOf(i.items), names, "the order's stock")} as sold`;
    case 'shipping:quote':
      return 'Quote shipping';
    case 'shipping:ship':
      return 'Ship the order';
    case 'shipping:createlabel':
      return `Create a ${carrier(i.carrier)} label`;
    case 'shipping:cancellabel':
      return 'Cancel the shipping label';
    case 'shipping:hold':
      return 'Hold the shipment';
    case 'notification:notify':
      return str(i.subject) ? `Tell the customer “${String(i.subject)}”` : 'Tell the customer';
    case 'notification:sendemail':
      return str(i.subject) ? `Email the customer “${String(i.subject)}”` : 'Email the customer';
    case 'notification:sendsms':
      return 'Text the customer';
    case 'notification:queue':
      return 'Queue the message to send later';
    case 'notification:status':
      return 'Check the message';
    case 'customer:getprofile':
      return "Look up the customer's profile";
    case 'customer:listpaymentmethods':
      return "List the customer's cards";
    case 'customer:requestnewcard':
      return 'Ask the customer for a new card';
    case 'customer:awaitnewcard':
      return `Wait up to ${Math.round((num(i.maxWaitMs) ?? 0) / 1000)} s for the new card`;
    case 'customer:checkcardrequest':
      return 'Check whether the new card has arrived';
    case 'wait':
      return `Wait ${num(i.ms) ?? 0} ms`;
    default: {
      const [service, op] = action.key.split(':');
      return op ? `${service} ${op}` : service;
    }
  }
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An error code as words: card_declined → "card declined". */
export const codeWords = (code: string) => code.replace(/[_.]/g, ' ');

/** What a call that worked did, in the past tense ("authorized $178.00 on Mastercard ··4444"). */
export function resultWords(action: Action, output: unknown, names: Names): string {
  const v = valueOf(output);
  const i = action.input;
  switch (action.key) {
    case 'payment:authorize':
      return `authorized ${money(num(v.amountCents) ?? num(i.amountCents))} on ${cardWords(v.paymentMethodId ?? i.paymentMethodId, names)}`;
    case 'payment:capture':
      return `captured ${money(num(v.amountCents) ?? num(i.amountCents))}`;
    case 'payment:void':
      return `voided the hold${cardOfAuthorization(i.authorizationId, names) ? ` on ${cardOfAuthorization(i.authorizationId, names)}` : ''}`;
    case 'payment:refund':
      return `refunded ${money(num(v.amountCents) ?? num(i.amountCents))}`;
    case 'payment:status':
      return v.found === false
        ? 'status check: nothing went through, a retry is safe'
        : `status check: ${str(v.status) ?? 'recorded'}`;
    case 'inventory:check':
      return v.allInStock === false
        ? 'not enough stock'
        : `${itemsWords(itemsOf(v.items) ?? itemsOf(i.items), names, 'the items')} in stock`;
    case 'inventory:reserve':
      return `reserved ${itemsWords(itemsOf(v.items) ?? itemsOf(i.items), names, 'the stock')}`;
    case 'inventory:release':
      return `released ${itemsWords(itemsOf(v.released) ?? itemsOf(i.items), names, 'the stock')}`;
    case 'inventory:commit':
      return `sold ${itemsWords(itemsOf(v.committed) ?? itemsOf(i.items), names, 'the stock')} (stock committed)`;
    case 'shipping:quote': {
      const quotes = z.array(z.object({ carrier: z.string(), costCents: z.number() }).loose()).safeParse(v.quotes);
      if (!quotes.success || quotes.data.length === 0) return 'no shipping quote';
      const cheapest = quotes.data.reduce((a, b) => (b.costCents < a.costCents ? b : a));
      return `${quotes.data.length} shipping quotes, from ${money(cheapest.costCents)} (${carrier(cheapest.carrier)})`;
    }
    case 'shipping:ship':
    case 'shipping:createlabel':
      if (v.status === 'held') return 'held the shipment (no carrier could take it)';
      return `label created with ${carrier(v.carrier ?? i.carrier)}${str(v.trackingNo) ? `, tracking ${String(v.trackingNo)}` : ''}`;
    case 'shipping:cancellabel':
      return 'cancelled the label';
    case 'shipping:hold':
      return 'held the shipment';
    case 'notification:notify':
    case 'notification:sendemail':
    case 'notification:sendsms':
      if (v.status === 'queued' || v.queued === true) return 'queued the message (the provider is down)';
      return `${v.channel === 'sms' ? 'texted' : 'emailed'} ${str(v.to) ?? 'the customer'}`;
    case 'notification:queue':
      return 'queued the message';
    case 'customer:getprofile':
      return `read ${str(v.name) ?? "the customer's"} profile`;
    case 'customer:listpaymentmethods': {
      const methods = methodsOf(v) ?? [];
      if (methods.length === 0) return 'no card on file';
      return `${methods.length} card${methods.length === 1 ? '' : 's'}: ${methods.map((m) => `${cardLabel(m)} (${[m.role, m.status !== 'active' ? m.status : undefined].filter(Boolean).join(', ')})`).join(', ')}`;
    }
    case 'customer:requestnewcard':
      return 'asked the customer for a new card';
    case 'customer:awaitnewcard':
    case 'customer:checkcardrequest':
      return v.status === 'fulfilled'
        ? `the new card arrived${str(v.paymentMethodId) ? `: ${cardWords(v.paymentMethodId, names)}` : ''}`
        : 'the new card has not arrived yet';
    case 'wait':
      return `waited ${num(v.waitedMs) ?? num(i.ms) ?? 0} ms${str(i.reason) ? ` (${String(i.reason)})` : ''}`;
    default:
      return `${lower(actionWords(action, names))}: done`;
  }
}

/** A call that failed: "authorize $129.00 on Visa ··0002 failed: card declined". */
export function failureWords(action: Action, error: { code: string } | undefined, names: Names): string {
  return `${lower(actionWords(action, names))} failed${error ? `: ${codeWords(error.code)}` : ''}`;
}

const ID_LIKE = /[\\^$.*+?()[\]{}|]/g;
const idPatterns = new WeakMap<Names, { pattern: RegExp; labels: Map<string, string> } | null>();

/** Free text (a thought, a model's words) with the ids it mentions replaced by what they stand for. */
export function withNames(text: string, names: Names): string {
  let cached = idPatterns.get(names);
  if (cached === undefined) {
    const labels = new Map<string, string>();
    for (const [id, card] of Object.entries(names.cards)) labels.set(id, cardLabel(card));
    for (const [sku, name] of Object.entries(names.products)) labels.set(sku, name);
    // Longest first, so an id that contains another is replaced whole.
    const keys = [...labels.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(ID_LIKE, '\\$&'));
    cached = keys.length ? { pattern: new RegExp(`\\b(?:${keys.join('|')})\\b`, 'g'), labels } : null;
    idPatterns.set(names, cached);
  }
  return cached ? text.replace(cached.pattern, (id) => cached.labels.get(id) ?? id) : text;
}

/** Lower-case first letter, for an action inside a sentence. */
export const inSentence = lower;

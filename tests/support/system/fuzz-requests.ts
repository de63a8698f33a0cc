import { createRandom, type Random } from '@/lib/runtime/random';

/**
 * Seeded hostile requests for the fuzz test: for every route the build serves, every method
 * (unknown ones too), garbage path parameters and query strings, bodies that are malformed,
 * oversized, wrongly typed, deeply nested or full of odd unicode, under wrong content types.
 * Pure: the same seed gives the same requests. Nothing it sends can start a real run: it never
 * names a real customer, puts a real id only into reads, and never asks for 1..200 orders.
 */

export interface FuzzRequest {
  method: string;
  /** Path and query, already percent-encoded (printable ASCII). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length to trust). */
  chunked?: boolean;
  /** What was meant, for a failure message. */
  label: string;
}

export interface FuzzTargets {
  /** Route patterns as the build lists them, e.g. /api/runs/[id]/events. */
  routes: string[];
  /** Real ids to put into [id] now and then (used for reads only). */
  realIds: string[];
}

export const FUZZ_METHODS = [
  'GET',
  'HEAD',
  'OPTIONS',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'TRACE',
  'PROPFIND',
  'FOO',
] as const;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_LIMIT = 64 * 1024;

/** Valid-looking bodies that the mutations start from (ids that exist nowhere). */
const TEMPLATES: Record<string, unknown> = {
  '/api/orders': { customerId: 'cus_fuzz', items: [{ sku: 'FZ-000', quantity: 1 }], mode: 'agents', seed: 1 },
  '/api/chaos/batches': { orders: 0, seed: 1, preset: 'fuzz-no-such-preset', mode: 'agents' },
  '/api/faults': {
    name: 'fuzz',
    service: 'payment',
    operation: 'authorize',
    kind: 'decline',
    trigger: 'probability',
    probability: 0.5,
    seed: 1,
    params: { latencyMs: 10 },
  },
  '/api/faults/[id]': { enabled: false, trigger: 'next_n', remainingCalls: 2, activeFrom: '2026-01-01T00:00:00Z' },
  '/api/faults/presets': { preset: 'fuzz-no-such-preset', replace: false },
  '/api/chaos/scorecards': { orders: 0, seed: 1, k: 3, profile: 'random' },
  '/api/runs/[id]/fork': {
    atSeq: 3,
    faultPreset: 'fuzz-no-such-preset',
    editReply: { text: 'x', toolCalls: [{ toolName: 'x', input: {} }] },
    editToolResult: { ok: true },
  },
};

const GARBAGE_SEGMENTS = [
  'run_deadbeef',
  'x',
  '%00',
  '%',
  '%E0%A4%A',
  '%ZZ',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
  '%20',
  '%F0%9F%92%A9',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  "'%3B%20DROP%20TABLE%20Run%3B--",
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '1e309',
  '-1',
  '0',
  'NaN',
  '%EF%BF%BF',
  '%ED%A0%80',
  'a'.repeat(101),
  'b'.repeat(3000),
  'id.json',
  'events',
  '~',
  '!$&()*+,;=',
];
const QUERY_VALUES = [
  '',
  'abc',
  '-1',
  '0',
  '1',
  '1.5',
  '1e999',
  '9'.repeat(40),
  'NaN',
  'true',
  'null',
  '%00',
  '%E0%A4%A',
  '%F0%9F%92%A9',
  'x'.repeat(2000),
  '%5B%5D',
  '__proto__',
  // Free-text search syntax (FTS5) and cursors that were never given out.
  '%22unbalanced',
  'NEAR(',
  'a%20OR',
  '*',
  'AND',
  '%5E',
  'col%3Ax',
  '-x',
  '%27',
  'a%20NOT%20NOT',
  'eyJzIjoiYSJ9',
  'e30',
  '%7B%7D',
  '2026-13-45',
  '2026-01-01T00:00:00Z',
  'succeeded,running',
  'startedAt',
  'desc',
  'sideways',
];
const QUERY_KEYS = [
  'limit',
  'since',
  'orderId',
  'customer',
  'cart',
  'by',
  'compare',
  'span',
  'node',
  'edge',
  'side',
  'token',
  'id',
  'a[]',
  '__proto__',
  'seed',
  'tab',
  'order',
  'q',
  'status',
  'mode',
  'model',
  'customerId',
  'agent',
  'tool',
  'errorCode',
  'faultKind',
  'batchId',
  'parentRunId',
  'from',
  'to',
  'sort',
  'cursor',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  '',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/xml',
  'json',
  '*/*',
  'application/json, text/plain',
  'application/jsonx',
  `application/json; ${'p=1; '.repeat(200)}`,
];
const EVIL_STRINGS = [
  '',
  ' ',
  'a'.repeat(10_000),
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '𝕏🧨👩‍👩‍👧‍👦',
  '\u202egnp.exe',
  'ﷺ'.repeat(50),
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE Product; --",
  '../../etc/passwd',
  '%00',
  '__proto__',
  'constructor',
  'toString',
  '1e309',
  'NaN',
  'null',
  'true',
  '12',
  'cus_ada\u0000',
  'CUS_ADA',
  'KB-001\u0000',
  'agents\u0000',
  'payment',
  '*',
];

export function fuzzRequests(seed: number, count: number, targets: FuzzTargets): FuzzRequest[] {
  const random = createRandom(seed, 'fuzz');
  const routes = [...targets.routes, '/api/nope', '/api/orders/x/y/z', '/api/runs/[id]/nope'];
  const requests: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) {
    // Walk the routes × methods grid in turn, so every pair is hit about equally often.
    const route = routes[i % routes.length];
    const method = FUZZ_METHODS[Math.floor(i / routes.length) % FUZZ_METHODS.length];
    requests.push(oneRequest(random, route, method, targets.realIds));
  }
  return requests;
}

function oneRequest(random: Random, route: string, method: string, realIds: string[]): FuzzRequest {
  const useReal = READS.has(method) && realIds.length > 0 && random.next() < 0.15;
  const path =
    route.replace(/\[[^\]]+\]/g, () => (useReal ? pick(random, realIds) : pick(random, GARBAGE_SEGMENTS))) +
    query(random);
  const headers: Record<string, string> = {};
  if (random.next() < 0.1)
    headers['last-event-id'] = pick(random, QUERY_VALUES.filter((v) => !v.includes('%')).concat(['5', '-3', '1e3']));
  if (random.next() < 0.05) headers.accept = 'text/event-stream';
  if (random.next() < 0.05) headers.cookie = `admin_token=${pick(random, ['', 'x', 'a'.repeat(500)])}`;
  const withBody = !READS.has(method) || random.next() < 0.1;
  if (!withBody) return { method, path, headers, label: `${method} ${path}` };
  const { body, kind } = makeBody(random, route);
  const type = pick(random, CONTENT_TYPES);
  if (type) headers['content-type'] = type;
  const chunked = random.next() < 0.2;
  return {
    method,
    path,
    headers,
    body,
    chunked,
    label: `${method} ${path} [${kind}, ${type || 'no content-type'}${chunked ? ', chunked' : ''}]`,
  };
}

function query(random: Random): string {
  if (random.next() < 0.4) return '';
  const pairs = Array.from(
    { length: random.int(1, 4) },
    () => `${pick(random, QUERY_KEYS)}=${pick(random, QUERY_VALUES)}`,
  );
  return `?${pairs.join('&')}`;
}

function makeBody(random: Random, route: string): { body: string | Buffer; kind: string } {
  const roll = random.next();
  if (roll < 0.45)
    return {
      body: JSON.stringify(defuse(mutate(random, structuredClone(TEMPLATES[route] ?? randomValue(random, 3))))),
      kind: 'mutated',
    };
  if (roll < 0.6) return { body: JSON.stringify(defuse(randomValue(random, 4))), kind: 'random json' };
  if (roll < 0.75) return { body: malformed(random, JSON.stringify(TEMPLATES[route] ?? { a: 1 })), kind: 'malformed' };
  if (roll < 0.83) return { body: oversized(random), kind: 'oversized' };
  if (roll < 0.9) return { body: deep(random), kind: 'deep' };
  if (roll < 0.95)
    return { body: Buffer.from(Array.from({ length: random.int(1, 512) }, () => random.int(0, 255))), kind: 'bytes' };
  return { body: pick(random, ['', ' ', '\n\n', '\ufeff{}', 'null', '0', '""', '[]', '{}']), kind: 'edge' };
}

/** Changes one to three things: a field to a wrong or extreme value, a field gone, a stray key, the shape itself. */
function mutate(random: Random, value: unknown): unknown {
  let out = value;
  for (let n = random.int(1, 3); n > 0; n--) {
    const roll = random.next();
    if (roll < 0.1) out = pick(random, [[out], 'string', 42, null, true, [], {}]);
    else if (isRecord(out)) {
      const keys = Object.keys(out);
      if (roll < 0.6 && keys.length > 0) setDeep(random, out, evilValue(random));
      else if (roll < 0.75 && keys.length > 0) delete out[pick(random, keys)];
      else out[pick(random, ['extra', '__proto__', 'constructor', 'ключ', '', '$where'])] = evilValue(random);
    }
  }
  return out;
}

function setDeep(random: Random, record: Record<string, unknown>, value: unknown): void {
  const key = pick(random, Object.keys(record));
  const inner = record[key];
  if (Array.isArray(inner) && inner.length > 0 && random.next() < 0.5) {
    const element = inner[random.int(0, inner.length - 1)];
    if (isRecord(element)) return setDeep(random, element, value);
  }
  if (isRecord(inner) && Object.keys(inner).length > 0 && random.next() < 0.5) return setDeep(random, inner, value);
  record[key] = value;
}

function evilValue(random: Random): unknown {
  return pick(random, [
    () => pick(random, EVIL_STRINGS),
    () => pick(random, [-1, 0, 0.5, 1.5, 201, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE]),
    () => null,
    () => pick(random, [true, false]),
    () => [],
    () => ({}),
    () => randomValue(random, 3),
    () =>
      Array.from({ length: random.int(20, 300) }, () => ({
        sku: pick(random, EVIL_STRINGS),
        quantity: random.int(-5, 50),
      })),
  ])();
}

function randomValue(random: Random, depth: number): unknown {
  const roll = random.next();
  if (depth <= 0 || roll < 0.4)
    return pick(random, [
      () => pick(random, EVIL_STRINGS),
      () => random.int(-1000, 1000),
      () => null,
      () => random.next() < 0.5,
    ])();
  if (roll < 0.7) return Array.from({ length: random.int(0, 5) }, () => randomValue(random, depth - 1));
  return Object.fromEntries(
    Array.from({ length: random.int(0, 5) }, () => [
      pick(random, [...EVIL_STRINGS.slice(0, 12), 'customerId', 'items', 'service', 'kind', 'orders']),
      randomValue(random, depth - 1),
    ]),
  );
}

function malformed(random: Random, json: string): string {
  return pick(random, [
    () => json.slice(0, random.int(1, Math.max(1, json.length - 1))),
    () => `${json},`,
    () => `${json}}`,
    () => json.replace(/"/g, "'"),
    () => `{"a": NaN}`,
    () => `{"a": Infinity}`,
    () => `{"a": 01}`,
    () => `{a: 1}`,
    () => `[1,]`,
    () => `{"a":1,,"b":2}`,
    () => `\u0000${json}`,
    () => `${json}\u0000garbage`,
    () => `{"a":"\\ud800"}`,
    () => `{"a":"\\x41"}`,
    () => '{"a":"unterminated',
    () => `${json}${json}`,
  ])();
}

/** Just over the limit, or far over it: a valid JSON string, so that only the size is wrong. */
function oversized(random: Random): string {
  const size = pick(random, [BODY_LIMIT + 1, BODY_LIMIT + 4096, 256 * 1024, 1024 * 1024]);
  return JSON.stringify({ customerId: 'x'.repeat(size), items: [] });
}

function deep(random: Random): string {
  const depth = pick(random, [100, 1_000, 10_000, 30_000]);
  return random.next() < 0.5
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Whatever could be a valid batch or scorecard (1..200 orders) asks for 0 orders instead. */
function defuse(body: unknown): unknown {
  if (isRecord(body) && Number.isInteger(body.orders) && (body.orders as number) >= 1 && (body.orders as number) <= 200)
    body.orders = 0;
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)];
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequest } from '@/lib/checkout/order-request';
import type { TraceEvent } from '@/lib/trace/events';
import { foldConversation } from '@/lib/trace/projections/conversation';
import { lineText } from '@/lib/trace/projections/conversation-text';
import { foldGraph, graphLists } from '@/lib/trace/projections/graph';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { normaliseTrace } from '../../support/normalise-trace';

/**
 * Golden traces: what the offline planner's agents and the classic orchestrator really record for a
 * few orders, kept in tests/golden/ (one JSON line per event, ids and clock readings normalised), and
 * the graph and conversation folded from that real trace. Any change in behaviour, wording or event
 * shape shows up here as a diff to read in review; when it is meant, `GOLDEN_UPDATE=1 npx vitest run
 * tests/unit/golden` writes the files again.
 */
const GOLDEN_DIR = fileURLToPath(new URL('../../golden/', import.meta.url));
const UPDATE = process.env.GOLDEN_UPDATE === '1';

interface Scenario {
  name: string;
  order: Partial<OrderRequest> & { customerId: string };
}

const SCENARIOS: Scenario[] = [
  { name: 'agents-happy-path', order: { customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }] } },
  { name: 'agents-declined-primary-card', order: { customerId: 'cus_grace', items: [{ sku: 'KB-001', quantity: 1 }] } },
  { name: 'agents-no-card-on-file', order: { customerId: 'cus_linus', items: [{ sku: 'MS-002', quantity: 2 }] } },
  {
    name: 'orchestrator-declined-primary-card',
    order: { customerId: 'cus_grace', items: [{ sku: 'KB-001', quantity: 1 }], mode: 'orchestrator' },
  },
];

/** The projections a person sees, folded from the real trace: graph nodes and edges, the conversation in words. */
function views(events: TraceEvent[]): string {
  const { nodes, edges } = graphLists(foldGraph(events));
  const folded = foldConversation(events);
  const conversation = folded.lines.map((line) => `${line.kind} ${line.agent}: ${lineText(line, folded.names)}`);
  return `${JSON.stringify({ nodes, edges, conversation }, null, 2)}\n`;
}

function golden(file: string, actual: string): string | null {
  const at = path.join(GOLDEN_DIR, file);
  if (UPDATE || !existsSync(at)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(at, actual);
    return UPDATE ? actual : null;
  }
  return readFileSync(at, 'utf8');
}

describe('golden traces', () => {
  let h: Harness;
  afterEach(async () => h?.dispose());

  it.each(SCENARIOS)('$name records what its golden file holds', async ({ name, order }) => {
    h = await createCheckoutHarness();
    const [result] = await h.order(order);
    const events = await h.events(result!.runId);
    const trace = `${normaliseTrace(events)}\n`;
    const expected = golden(`${name}.trace.ndjson`, trace);
    expect(expected, `tests/golden/${name}.trace.ndjson was missing: written now, commit it`).not.toBeNull();
    if (expected !== trace) {
      // Where it first differs, before the whole diff.
      const was = expected!.trimEnd().split('\n');
      const now = trace.trimEnd().split('\n');
      const at = was.findIndex((line, i) => line !== now[i]);
      expect(
        now[at] ?? '(no event)',
        `first difference at event ${at + 1} of ${name} (GOLDEN_UPDATE=1 rewrites the file if the change is meant)`,
      ).toBe(was[at] ?? '(no event)');
    }
    expect(trace).toBe(expected);
    const expectedViews = golden(`${name}.views.json`, views(events));
    expect(views(events)).toBe(expectedViews);
  });
});

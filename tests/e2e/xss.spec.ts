import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

/**
 * The demo customer Mallory carries markup in her name and address note (lib/db/demo-data.ts), and
 * model text can carry it too: a fork of her run whose first model reply is edited to markup (as a
 * real LLM could answer) ends with that text as its answer and outcome. Every page must show it as
 * text: no script runs, no element of hers appears, no dialog opens.
 */

const NAME = 'Mallory <img src=x onerror="window.__xss=1">';
const NOTE = '</script><script>window.__xss=2</script>';
const MODEL_TEXT = `Checking out for ${NAME}; her note says ${NOTE} <svg onload="window.__xss=3">`;

interface Placed {
  runId: string;
  orderId: string;
  mode: 'agents' | 'orchestrator';
}

test('markup in customer data and model text is rendered inert on every page', async ({ page, request }) => {
  // Two runs, a fork and fifteen page loads.
  test.setTimeout(360_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  expect((await request.delete('/api/faults')).ok()).toBe(true);
  const placed = await request.post('/api/orders', {
    data: { customerId: 'cus_mallory', items: [{ sku: 'LP-009', quantity: 1 }], mode: 'both' },
  });
  expect(placed.status()).toBe(201);
  const { runs } = (await placed.json()) as { runs: Placed[] };
  const agents = runs.find((r) => r.mode === 'agents')!;
  const orchestrator = runs.find((r) => r.mode === 'orchestrator')!;
  await expect.poll(() => allFinished(request, runs), { timeout: 120_000 }).toBe(true);
  const forkId = await forkWithModelText(request, agents.runId);
  const modelSpan = await spanMentioning(request, forkId, '__xss=3');
  const modelStepAt = await seqMentioning(request, forkId, '__xss=3');

  const visits: { path: string; shows?: string }[] = [
    { path: '/', shows: NAME },
    { path: '/?customer=cus_mallory', shows: NAME },
    { path: '/runs', shows: NAME },
    { path: `/runs/${agents.runId}`, shows: NAME },
    { path: `/runs/${orchestrator.runId}`, shows: NAME },
    { path: `/runs/${agents.runId}?compare=${orchestrator.runId}`, shows: NAME },
    { path: `/runs/${forkId}`, shows: NAME },
    { path: `/runs/${forkId}?span=${modelSpan}`, shows: MODEL_TEXT },
    { path: `/runs/${agents.runId}?compare=${forkId}`, shows: NAME },
    { path: `/runs/${forkId}?at=${modelStepAt}`, shows: NAME },
    { path: `/compare?a=${agents.runId}&b=${forkId}`, shows: MODEL_TEXT },
    { path: '/runs?q=Mallory', shows: NAME },
    { path: '/outbox', shows: NAME },
    { path: `/outbox?order=${agents.orderId}`, shows: NAME },
    { path: '/chaos' },
  ];
  for (const visit of visits) {
    await page.goto(visit.path);
    if (visit.shows) await expect(page.getByText(visit.shows).first(), `${visit.path} shows the text`).toBeVisible();
    else await page.waitForLoadState('load');
    await expectInert(page, visit.path);
  }
  expect(dialogs).toEqual([]);
});

async function expectInert(page: Page, path: string): Promise<void> {
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    `${path}: a script ran`,
  ).toBeUndefined();
  await expect(page.locator('img[src="x"]'), `${path}: an element of hers was created`).toHaveCount(0);
  // No element carries a handler of hers: none can run later either (no waiting for a broken image to fire).
  await expect(page.locator('[onerror], [onload]'), `${path}: an inline handler is in the page`).toHaveCount(0);
  // Her text is in Next's inline data scripts as escaped JSON; what must not exist is a script that is hers.
  const planted = await page.evaluate(() =>
    Array.from(document.scripts).some((s) => s.text.trim() === 'window.__xss=2'),
  );
  expect(planted, `${path}: a script of hers is in the page`).toBe(false);
}

async function allFinished(request: APIRequestContext, runs: Placed[]): Promise<boolean> {
  const statuses = await Promise.all(
    runs.map(
      async (r) =>
        ((await (await request.get(`/api/runs/${r.runId}`)).json()) as { run: { status: string } }).run.status,
    ),
  );
  return statuses.every((status) => status !== 'running');
}

/** Forks the run at the CheckoutAgent's first model step, with that reply replaced by MODEL_TEXT. */
async function forkWithModelText(request: APIRequestContext, runId: string): Promise<string> {
  const { events } = (await (await request.get(`/api/runs/${runId}/events.json`)).json()) as {
    events: { seq: number; type: string; agent: string | null }[];
  };
  const step = events.find((e) => e.type === 'model.step' && e.agent === 'CheckoutAgent');
  if (!step) throw new Error(`run ${runId} has no CheckoutAgent model step`);
  const fork = await request.post(`/api/runs/${runId}/fork`, {
    data: { atSeq: step.seq, editReply: { text: MODEL_TEXT } },
  });
  expect(fork.status(), await fork.text()).toBe(201);
  return ((await fork.json()) as { runId: string }).runId;
}

/** The seq of the first event of the run that carries the text (a replay position). */
async function seqMentioning(request: APIRequestContext, runId: string, text: string): Promise<number> {
  const { events } = (await (await request.get(`/api/runs/${runId}/events.json`)).json()) as {
    events: { seq: number }[];
  };
  const event = events.find((e) => JSON.stringify(e).includes(text));
  if (!event) throw new Error(`no event of run ${runId} mentions ${text}`);
  return event.seq;
}

/** A span of the run whose events carry the text. */
async function spanMentioning(request: APIRequestContext, runId: string, text: string): Promise<string> {
  const { spans } = (await (await request.get(`/api/runs/${runId}`)).json()) as { spans: { id: string }[] };
  const span = spans.find((s) => JSON.stringify(s).includes(text));
  if (!span) throw new Error(`no span of run ${runId} mentions ${text}`);
  return span.id;
}

import { expect, test } from '@playwright/test';
import { openInferenceAgentsTrace } from '../support/otel-fixtures';
import { keepScreenshot } from '../support/e2e/screenshots';

/**
 * Another agent system's trace, POSTed to /v1/traces as its exporter would (bytes made by
 * OpenTelemetry's SDK and protobuf serializer), read in the run page and in history like our runs.
 */

test('an ingested OpenAI Agents SDK trace reads as a run: graph, timeline, history; no re-run or fork', async ({
  page,
  request,
}, testInfo) => {
  const trace = openInferenceAgentsTrace();
  const res = await request.post('/v1/traces', {
    headers: { 'content-type': 'application/x-protobuf' },
    data: Buffer.from(trace.protobuf),
  });
  expect(res.status()).toBe(200);
  const runId = `otlp-${trace.spans[0].spanContext().traceId}`;

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('run-header')).toContainText('Trace from another agent system');
  const graph = page.getByTestId('agent-graph');
  for (const id of ['agent:Triage Agent', 'agent:Billing Agent', 'service:lookup_order', 'service:lookup_ledger']) {
    await expect(graph.locator(`[data-node-id="${id}"]`)).toBeVisible();
  }
  await expect(graph.locator('[data-node-id="service:lookup_ledger"]')).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('ingested-note')).toBeVisible();
  await expect(page.getByTestId('rerun')).toHaveCount(0);
  await expect(page.getByTestId('fork-open')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'ingest-run');

  await page.goto('/runs');
  await expect(page.locator(`[data-testid="run-link"][title="${runId}"]`)).toBeVisible();
  await expect(page.getByTestId('run-table')).toContainText('OTLP');
  await keepScreenshot(page, testInfo, 'ingest-history');
});

import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { DEFAULT_MODEL_CALL_SETTINGS } from '@/lib/models/call-settings';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { anthropicEnv, plannerBrain, startFakeModelServer } from '../../support/fake-llm';

/**
 * A provider that ignores a setting says so on every call (the AI SDK's Anthropic provider: current
 * Claude models take no temperature). The run's model steps record it; the console hears it once, not
 * at every step of every agent.
 */

let h: Harness;
beforeAll(async () => {
  h = await createCheckoutHarness();
});
afterAll(async () => {
  await h?.dispose();
});

describe('provider warnings', () => {
  it('are recorded on every model step they apply to and printed once per process', async () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const emitted: string[] = [];
    const onWarning = (warning: Error) => emitted.push(warning.message);
    process.on('warning', onWarning);
    onTestFinished(() => {
      printed.mockRestore();
      process.off('warning', onWarning);
    });
    const server = await startFakeModelServer({ brain: plannerBrain() });
    try {
      h.rt.modelFor = modelsFromEnv(anthropicEnv(server.url));
      h.rt.modelSettings = { ...DEFAULT_MODEL_CALL_SETTINGS, temperature: 0 };
      const placed = [
        await h.order({ customerId: 'cus_ada', items: [{ sku: 'CB-010', quantity: 1 }] }),
        await h.order({ customerId: 'cus_ada', items: [{ sku: 'CB-010', quantity: 1 }] }),
      ];
      const steps = [];
      for (const [run] of placed) {
        expect(run.order.status).toBe('placed');
        steps.push(...(await h.events(run.runId)).filter((e) => e.type === 'model.step'));
      }
      expect(steps.length).toBeGreaterThan(10);
      for (const step of steps) {
        expect(step.data).toMatchObject({
          warnings: expect.arrayContaining([expect.stringMatching(/^temperature is not supported by claude-fake/)]),
        });
      }
      const temperatureLines = printed.mock.calls.filter(([line]) => /temperature is not supported/.test(String(line)));
      expect(temperatureLines).toHaveLength(1);
      expect(String(temperatureLines[0][0])).toMatch(
        /^\[model\] .*claude-fake: temperature is not supported by claude-fake/,
      );
      // The SDK printed none of them itself.
      expect(emitted.filter((m) => /temperature/.test(m))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

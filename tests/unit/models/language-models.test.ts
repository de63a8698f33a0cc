import { describe, expect, it } from 'vitest';
import { resolveAgentModel } from '@/lib/models/language-models';
import { OFFLINE_PLANNER_MODEL_ID } from '@/lib/models/registry';

const OPENAI = { OPENAI_API_KEY: 'sk-test', AI_MODEL: 'gpt-4.1-mini' };

describe('per-agent model override (AI_MODEL_<AGENT>)', () => {
  it('without an override every agent gets the run’s choice', () => {
    for (const agent of ['CheckoutAgent', 'PaymentAgent', 'NotificationAgent']) {
      const resolved = resolveAgentModel(agent, OPENAI);
      expect(resolved.label).toBe('openai:gpt-4.1-mini');
      expect(resolved.model.modelId).toBe('gpt-4.1-mini');
    }
  });

  it('AI_MODEL_PAYMENT_AGENT names another model of the same provider for that agent only', () => {
    const env = { ...OPENAI, AI_MODEL_PAYMENT_AGENT: ' gpt-4.1 ' };
    const payment = resolveAgentModel('PaymentAgent', env);
    expect(payment.label).toBe('openai:gpt-4.1');
    expect(payment.model.modelId).toBe('gpt-4.1');
    expect(payment.model.provider).toMatch(/openai/);
    expect(resolveAgentModel('InventoryAgent', env).label).toBe('openai:gpt-4.1-mini');
    // The suffix is the agent's name in SCREAMING_SNAKE_CASE.
    expect(resolveAgentModel('CheckoutAgent', { ...OPENAI, AI_MODEL_CHECKOUT_AGENT: 'gpt-4o' }).label).toBe(
      'openai:gpt-4o',
    );
  });

  it('"offline" puts one agent on the offline planner while the others use the provider', () => {
    const env = { ...OPENAI, AI_MODEL_NOTIFICATION_AGENT: 'offline' };
    const notification = resolveAgentModel('NotificationAgent', env);
    expect(notification.label).toBe(`offline-planner:${OFFLINE_PLANNER_MODEL_ID}`);
    expect(notification.model.modelId).toBe(OFFLINE_PLANNER_MODEL_ID);
    expect(resolveAgentModel('PaymentAgent', env).label).toBe('openai:gpt-4.1-mini');
  });

  it('with no provider configured an override has nothing to pick from: the offline planner stays', () => {
    const resolved = resolveAgentModel('PaymentAgent', { AI_MODEL_PAYMENT_AGENT: 'gpt-4.1' });
    expect(resolved.label).toBe(`offline-planner:${OFFLINE_PLANNER_MODEL_ID}`);
    expect(resolved.model.modelId).toBe(OFFLINE_PLANNER_MODEL_ID);
  });

  it('an empty override is no override', () => {
    expect(resolveAgentModel('PaymentAgent', { ...OPENAI, AI_MODEL_PAYMENT_AGENT: '  ' }).label).toBe(
      'openai:gpt-4.1-mini',
    );
  });

  it('cost follows the overridden model’s price', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(resolveAgentModel('PaymentAgent', { ...OPENAI, AI_MODEL_PAYMENT_AGENT: 'gpt-4.1' }).cost(usage)).toBeCloseTo(
      10,
      10,
    );
    expect(resolveAgentModel('InventoryAgent', OPENAI).cost(usage)).toBeCloseTo(2, 10);
    expect(resolveAgentModel('InventoryAgent', {}).cost(usage)).toBe(0);
  });
});

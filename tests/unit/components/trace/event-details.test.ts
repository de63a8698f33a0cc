import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EventDetails } from '@/components/trace/event-details';
import type { TraceEvent } from '@/lib/trace/events';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

/** The inspector's panel for one event, as markup. */
const step = sampleCheckoutRun().find((e) => e.type === 'model.step') as Extract<TraceEvent, { type: 'model.step' }>;

describe('the inspector on a model step', () => {
  it('shows what the provider said of the call, when it said something', () => {
    const event = { ...step, data: { ...step.data, warnings: ['temperature is not supported: ignored by claude-x'] } };
    const html = renderToStaticMarkup(createElement(EventDetails, { event }));
    expect(html).toContain('provider said');
    expect(html).toContain('temperature is not supported: ignored by claude-x');
  });

  it('says nothing of the provider when it said nothing', () => {
    expect(renderToStaticMarkup(createElement(EventDetails, { event: step }))).not.toContain('provider said');
  });
});

import type { TraceEventOf } from '@/lib/trace/events';

/**
 * The run's model, or its mix when AI_MODEL_<AGENT> gave agents different ones: each model once,
 * with the agents that used it, so "which brain did this" is read off the header.
 */
export function ModelMix({ model, started }: { model: string; started: TraceEventOf<'run.started'> | undefined }) {
  const models = started?.data.models;
  const byModel = new Map<string, string[]>();
  for (const [agent, label] of Object.entries(models ?? {})) byModel.set(label, [...(byModel.get(label) ?? []), agent]);
  if (byModel.size <= 1)
    return (
      <span title={model} data-testid="run-model">
        {model}
      </span>
    );
  const words = [...byModel].map(
    ([label, agents]) => `${label} (${agents.map((a) => a.replace(/Agent$/, '')).join(', ')})`,
  );
  return (
    <span title={words.join('\n')} data-testid="run-model" data-mixed="true">
      {words.join(' · ')}
    </span>
  );
}

import type { Span } from '@/lib/trace/projections/spans';
import type { TimelineRow } from '@/lib/trace/projections/timeline';

/** How a span is named in the timeline and the inspector: what a person scans for. */
export function spanTitle(row: Pick<TimelineRow, 'kind' | 'name' | 'agent'>, span?: Span): string {
  const attr = span?.attributes ?? {};
  switch (row.kind) {
    case 'run':
      return `run (${String(attr['run.mode'] ?? row.name.replace(/^run /, ''))})`;
    case 'invoke_agent':
      return row.agent ?? row.name.replace(/^invoke_agent /, '');
    case 'chat': {
      const step = span?.events[0]?.type === 'model.step' ? span.events[0].data.step : undefined;
      return `plan step${step !== undefined ? ` ${step}` : ''}`;
    }
    case 'execute_tool': {
      const tool = String(attr['gen_ai.tool.name'] ?? row.name.replace(/^execute_tool /, ''));
      const service = attr['service.name'];
      const operation = attr['service.operation'];
      // A service call reads best as where it landed (the tool's own name is in the inspector).
      return service && operation ? `${String(service)}.${String(operation)}` : tool;
    }
    case 'message':
      return row.name.replace(/^message /, '');
    case 'settlement':
      return 'settlement (harness)';
  }
}

export const KIND_GLYPH: Record<TimelineRow['kind'], string> = {
  run: '◆',
  invoke_agent: '●',
  chat: '✦',
  execute_tool: '▸',
  message: '✉',
  settlement: '↺',
};

export const BAR_COLOR: Record<TimelineRow['kind'], string> = {
  run: 'bg-zinc-400 dark:bg-zinc-600',
  invoke_agent: 'bg-indigo-500/80',
  chat: 'bg-violet-400/80',
  execute_tool: 'bg-sky-500/80',
  message: 'bg-zinc-400',
  settlement: 'bg-amber-500/80',
};

/** Tick marks for a time axis: about `count` round steps (1, 2 or 5 × 10^k ms). */
export function axisTicks(durationMs: number, count = 6): number[] {
  if (!(durationMs > 0)) return [0];
  const raw = durationMs / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  // Never finer than 1 ms: the labels are whole milliseconds (a sandboxed re-run can last 0 ms).
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw);
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}

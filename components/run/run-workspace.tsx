'use client';

import { useCallback, useEffect, useState } from 'react';
import type { RunListItem } from '@/lib/store/run-list';
import { Inspector } from '../trace/inspector';
import { Button } from '../ui/button';
import { Panel } from '../ui/panel';
import { RunPane } from './run-pane';
import { withSelection, type RunSelection } from './selection';
import { useLiveNow } from './use-live-now';
import { useRunStream, type RunStream } from './use-run-stream';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);

function useNowFor(stream: RunStream, info: RunListItem | undefined): number | undefined {
  const s = stream.view.summary;
  const running = s.events === 0 ? info?.status === 'running' : s.status === 'running';
  return useLiveNow(s.lastTs, stream.appliedAt, running && stream.status !== 'ended');
}

/**
 * The live run page: one run, or two side by side (the same order through the micro-agents and
 * the orchestrator). Each run streams its own events; one inspector shows whatever was clicked,
 * and the selection lives in the URL so any span, node or edge can be linked to.
 */
export function RunWorkspace({ runs, initialSelection }: { runs: RunListItem[]; initialSelection: RunSelection | null }) {
  const [a, b] = runs;
  const streamA = useRunStream(a.id);
  const streamB = useRunStream(b?.id ?? null);
  const nowA = useNowFor(streamA, a);
  const nowB = useNowFor(streamB, b);
  const [selection, setSelection] = useState<RunSelection | null>(initialSelection);
  const compare = b !== undefined;

  const select = useCallback((next: RunSelection | null) => {
    setSelection(next);
    window.history.replaceState(null, '', `${window.location.pathname}${withSelection(window.location.search, next)}`);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !isTyping(e.target)) select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);

  const selectedRun = selection?.side === 'b' && b ? { info: b, stream: streamB, now: nowB } : { info: a, stream: streamA, now: nowA };
  const label = (run: RunListItem) => (run.mode === 'orchestrator' ? 'orchestrator' : 'micro-agents');

  return (
    <div className={`grid items-start gap-3 ${compare ? 'xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_340px]' : 'lg:grid-cols-[minmax(0,1fr)_420px]'}`} data-testid="run-workspace">
      <RunPane side="a" info={a} stream={streamA} now={nowA} selection={selection} onSelect={select} label={compare ? `A · ${label(a)}` : undefined} compact={compare} />
      {b && <RunPane side="b" info={b} stream={streamB} now={nowB} selection={selection} onSelect={select} label={`B · ${label(b)}`} compact />}
      <Panel
        title={selection ? `Inspector${compare ? ` · ${selection.side.toUpperCase()} ${label(selectedRun.info)}` : ''}` : 'Inspector'}
        actions={selection && <Button size="sm" variant="ghost" onClick={() => select(null)} aria-label="Close the inspector">Esc</Button>}
        className="lg:sticky lg:top-16"
        bodyClassName="max-h-[calc(100vh-8rem)] overflow-auto"
        testId="inspector"
      >
        <Inspector
          selection={selection ? { kind: selection.kind, id: selection.id } : null}
          view={selectedRun.stream.view}
          now={selectedRun.now}
          onSelect={(s) => select({ side: selection?.side ?? 'a', ...s })}
        />
      </Panel>
    </div>
  );
}

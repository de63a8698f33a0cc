'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useOptimistic, useState, useTransition } from 'react';
import { fetchHistory, type HistoryPage, type RunChangeFrame } from '../api/history';
import { Panel } from '../ui/panel';
import { HistoryFilters, type HistoryFacets } from './history-filters';
import { applyRunChange, type LoadedList } from './history-list';
import { HistoryTable } from './history-table';
import { emptyHistoryState, historyQuery, isFiltered, withChange, type HistoryState } from './history-url';
import { useHistoryLive, type LiveStatus } from './use-history-live';

export interface FieldError {
  path: string;
  message: string;
}

const LIVE_LABEL: Record<LiveStatus, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  polling: 'refreshing every 3 s',
};

const href = (state: HistoryState) => {
  const query = historyQuery(state);
  return query ? `/runs?${query}` : '/runs';
};

/** One page of runs, kept current by the live feed. Remounted (key) for every other query. */
function HistoryResults({
  state,
  page,
  pending,
  onNavigate,
}: {
  state: HistoryState;
  page: HistoryPage;
  pending: boolean;
  onNavigate: (next: HistoryState) => void;
}) {
  const [list, setList] = useState<LoadedList>({ runs: page.runs, nextCursor: page.nextCursor, unseen: 0 });
  // Where each run matched the search (runs the live feed adds later have none: their lines say so).
  const [matches, setMatches] = useState(page.matches);
  const [error, setError] = useState<string | null>(null);
  const paged = state.cursor !== '';
  const query = historyQuery(state);

  const onFrame = useCallback(
    (frame: RunChangeFrame) => setList((l) => applyRunChange(l, frame, state.sort, state.order, paged)),
    [state.sort, state.order, paged],
  );
  const onReady = useCallback(() => {
    fetchHistory(query).then(
      (fresh) => {
        setError(null);
        setList((l) => ({ runs: fresh.runs, nextCursor: fresh.nextCursor, unseen: l.unseen }));
        setMatches(fresh.matches);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [query]);
  const live = useHistoryLive(historyQuery({ ...state, sort: 'startedAt', order: 'desc' }, { cursor: false }), {
    onFrame,
    onReady,
  });
  const running = list.runs.filter((r) => r.status === 'running').length;

  return (
    <Panel
      title={
        <span data-testid="history-count">
          {list.runs.length} run{list.runs.length === 1 ? '' : 's'}
          {paged ? ' on this page' : ''}
          {running ? ` · ${running} running` : ''}
        </span>
      }
      actions={
        <>
          {list.unseen > 0 && (
            <Link
              href={href({ ...state, cursor: '' })}
              className="text-[11px] text-indigo-600 hover:underline dark:text-indigo-400"
              data-testid="history-unseen"
            >
              {list.unseen} new on the first page
            </Link>
          )}
          <span
            className="flex items-center gap-1 text-[11px] text-zinc-500"
            data-testid="history-live"
            data-live={live}
          >
            <span
              className={`size-1.5 rounded-full ${live === 'live' ? 'animate-pulse bg-emerald-500' : 'bg-amber-500'}`}
              aria-hidden
            />
            {LIVE_LABEL[live]}
          </span>
        </>
      }
      bodyClassName={`overflow-x-auto transition-opacity ${pending ? 'opacity-60' : ''}`}
      testId="runs"
    >
      <p role="alert" className="px-3 py-1 text-xs text-red-600 empty:hidden dark:text-red-400">
        {error}
      </p>
      {list.runs.length === 0 ? (
        <p className="px-3 py-10 text-center text-sm text-zinc-500" data-testid="runs-empty">
          {isFiltered(state) ? (
            <>
              No run matches these filters.{' '}
              <Link
                href={href({ ...emptyHistoryState, sort: state.sort, order: state.order })}
                className="text-indigo-600 hover:underline dark:text-indigo-400"
              >
                Clear them
              </Link>
              .
            </>
          ) : paged ? (
            'Nothing more.'
          ) : (
            <>
              No runs yet.{' '}
              <Link href="/" className="text-indigo-600 hover:underline dark:text-indigo-400">
                Place an order
              </Link>{' '}
              to start one.
            </>
          )}
        </p>
      ) : (
        <HistoryTable
          runs={list.runs}
          matches={matches}
          sort={state.sort}
          order={state.order}
          onSort={(sort, order) => onNavigate(withChange(state, { sort, order }))}
        />
      )}
      <nav
        className="flex h-10 items-center gap-3 border-t border-zinc-200 px-3 text-xs dark:border-zinc-800"
        aria-label="Pages"
      >
        {paged && (
          <Link
            href={href({ ...state, cursor: '' })}
            className="text-indigo-600 hover:underline dark:text-indigo-400"
            data-testid="history-first"
          >
            ← Newest first page
          </Link>
        )}
        {paged && (
          <button type="button" onClick={() => window.history.back()} className="text-zinc-500 hover:underline">
            Back
          </button>
        )}
        <span className="ml-auto text-zinc-400">
          {list.nextCursor ? '' : list.runs.length > 0 ? 'End of the list.' : ''}
        </span>
        {list.nextCursor && (
          <Link
            href={href({ ...state, cursor: list.nextCursor })}
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            data-testid="history-next"
          >
            Next page →
          </Link>
        )}
      </nav>
    </Panel>
  );
}

/**
 * /runs: every run, filtered, searched and sorted as the URL says (the same parameters as
 * GET /api/runs), a page at a time. The server renders the first page; filters navigate (so Back
 * undoes them); the page follows runs that start, progress and end.
 */
export function HistoryView({
  state,
  page,
  errors,
  facets,
}: {
  state: HistoryState;
  page: HistoryPage | null;
  errors: FieldError[];
  facets: HistoryFacets;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [shown, showNow] = useOptimistic(state);
  const navigate = useCallback(
    (next: HistoryState) =>
      startTransition(() => {
        showNow(next);
        router.push(href(next), { scroll: false });
      }),
    [router, showNow],
  );
  const now = useCallback(() => Date.now(), []);

  return (
    <div className="space-y-3" data-testid="history" data-pending={pending}>
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Runs</h1>
        <p className="text-xs text-zinc-500">
          Every checkout run: filter, search the agents&apos; reasoning and tool payloads, open one to replay, re-run,
          fork or compare it.
        </p>
      </div>
      <Panel bodyClassName="">
        <HistoryFilters state={shown} facets={facets} onChange={navigate} now={now} />
      </Panel>
      {errors.length > 0 && (
        <div
          role="alert"
          className="rounded border border-red-300 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300"
          data-testid="history-errors"
        >
          {errors.map((e) => (
            <p key={e.path}>
              <span className="font-mono">{e.path}</span> {e.message}
            </p>
          ))}
        </div>
      )}
      {page && (
        <HistoryResults key={historyQuery(state)} state={state} page={page} pending={pending} onNavigate={navigate} />
      )}
    </div>
  );
}

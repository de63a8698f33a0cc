'use client';

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Kbd } from '../ui/button';
import { isTyping, plainKey } from '../ui/keys';
import {
  emptyHistoryState,
  fromLocalInput,
  isFiltered,
  sinceInstant,
  toLocalInput,
  withChange,
  withList,
  type HistoryState,
  type ListFilter,
  type Order,
  type Sort,
} from './history-url';

import type { HistoryFacets } from '@/lib/history/facets';

/** The values the filters offer (the page reads them on the server). */
export type { HistoryFacets };

const STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
const MODES = [
  { value: 'agents', label: 'micro-agents' },
  { value: 'orchestrator', label: 'orchestrator' },
] as const;
const SORT_LABEL: Record<Sort, string> = {
  startedAt: 'started',
  duration: 'duration',
  tokens: 'tokens',
  cost: 'cost',
  steps: 'steps',
};
const RANGES = [
  { label: '1 h', ms: 3_600_000 },
  { label: '24 h', ms: 86_400_000 },
  { label: '7 d', ms: 7 * 86_400_000 },
];

const control =
  'h-7 min-w-0 rounded border border-zinc-300 bg-white px-1.5 text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

function Chips({
  label,
  options,
  selected,
  onChange,
  testId,
}: {
  label: string;
  options: readonly { value: string; label: string }[];
  selected: string[];
  onChange: (values: string[]) => void;
  testId: string;
}) {
  return (
    <div role="group" aria-label={label} className="flex items-center gap-1" data-testid={testId}>
      <span className="mr-0.5 text-[11px] text-zinc-500">{label}</span>
      {options.map((o) => {
        const on = selected.includes(o.value);
        return (
          <button
            key={o.value}
            type="button"
            aria-pressed={on}
            data-value={o.value}
            onClick={() => onChange(on ? selected.filter((v) => v !== o.value) : [...selected, o.value])}
            className={`h-6 rounded border px-1.5 text-[11px] font-medium focus-visible:outline-2 focus-visible:outline-indigo-500 ${on ? 'border-indigo-400 bg-indigo-50 text-indigo-700 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-300' : 'border-zinc-300 text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800'}`}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}

function Pick({
  label,
  name,
  values,
  options,
  onChange,
}: {
  label: string;
  name: ListFilter;
  values: string[];
  options: string[];
  onChange: (values: string[]) => void;
}) {
  const current = values.join(',');
  // A value from the URL that is not among the known ones is still shown (and can be cleared).
  const choices = current && !options.includes(current) ? [current, ...options] : options;
  return (
    <label className="flex min-w-0 items-center gap-1 text-[11px] text-zinc-500">
      {label}
      <select
        className={`${control} w-32`}
        value={current}
        onChange={(e) => onChange(e.target.value ? e.target.value.split(',') : [])}
        data-testid={`filter-${name}`}
      >
        <option value="">any</option>
        {choices.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Row({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5">{children}</div>;
}

/**
 * The filter bar of /runs. It edits a HistoryState and hands every change to `onChange` (which puts
 * it in the URL); free text is applied on Enter or after a pause in typing. `/` focuses the search.
 */
export function HistoryFilters({
  state,
  facets,
  onChange,
  now,
}: {
  state: HistoryState;
  facets: HistoryFacets;
  onChange: (next: HistoryState) => void;
  now: () => number;
}) {
  const [text, setText] = useState(state.q);
  const [seenQ, setSeenQ] = useState(state.q);
  const search = useRef<HTMLInputElement>(null);
  // The URL changed under the field (back, a link): show what it now says.
  if (state.q !== seenQ) {
    setSeenQ(state.q);
    setText(state.q);
  }

  useEffect(() => {
    if (text.trim() === state.q.trim()) return;
    const timer = setTimeout(() => onChange(withChange(state, { q: text })), 450);
    return () => clearTimeout(timer);
  }, [text, state, onChange]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && plainKey(e) && !isTyping(e.target)) {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== state.q.trim()) onChange(withChange(state, { q: text }));
  };
  const list = (key: ListFilter) => state.lists[key] ?? [];
  const setList = (key: ListFilter) => (values: string[]) => onChange(withList(state, key, values));

  return (
    <div className="space-y-2 p-3" data-testid="history-filters">
      <Row>
        <form onSubmit={submit} className="flex min-w-64 flex-1 items-center gap-1" role="search">
          <input
            ref={search}
            type="search"
            className={`${control} flex-1`}
            placeholder="Search reasoning, tool inputs and outputs, messages…"
            aria-label="Search the runs"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') search.current?.blur();
            }}
            maxLength={200}
            data-testid="history-search"
          />
          <span className="text-zinc-400">
            <Kbd>/</Kbd>
          </span>
        </form>
        <Chips
          label="Status"
          options={STATUSES.map((s) => ({ value: s, label: s }))}
          selected={list('status')}
          onChange={setList('status')}
          testId="filter-status"
        />
        <Chips label="Mode" options={MODES} selected={list('mode')} onChange={setList('mode')} testId="filter-mode" />
        <label className="flex items-center gap-1 text-[11px] text-zinc-500">
          Sort
          <select
            className={control}
            value={state.sort}
            onChange={(e) => onChange(withChange(state, { sort: e.target.value as Sort }))}
            data-testid="history-sort"
          >
            {(Object.keys(SORT_LABEL) as Sort[]).map((s) => (
              <option key={s} value={s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </select>
          <Button
            size="sm"
            onClick={() => onChange(withChange(state, { order: (state.order === 'desc' ? 'asc' : 'desc') as Order }))}
            aria-label={state.order === 'desc' ? 'Descending; switch to ascending' : 'Ascending; switch to descending'}
            data-testid="history-order"
            data-order={state.order}
            className="w-14"
          >
            {state.order === 'desc' ? '↓ desc' : '↑ asc'}
          </Button>
        </label>
        {/* Always laid out (hidden when there is nothing to clear), so the bar does not move. */}
        <Button
          size="sm"
          variant="ghost"
          className={isFiltered(state) ? '' : 'invisible'}
          aria-hidden={!isFiltered(state)}
          tabIndex={isFiltered(state) ? 0 : -1}
          onClick={() => onChange({ ...emptyHistoryState, sort: state.sort, order: state.order })}
          data-testid="history-clear"
        >
          Clear filters
        </Button>
      </Row>
      <Row>
        <Pick label="Agent" name="agent" values={list('agent')} options={facets.agents} onChange={setList('agent')} />
        <Pick label="Tool" name="tool" values={list('tool')} options={facets.tools} onChange={setList('tool')} />
        <Pick
          label="Error"
          name="errorCode"
          values={list('errorCode')}
          options={facets.errorCodes}
          onChange={setList('errorCode')}
        />
        <Pick
          label="Fault"
          name="faultKind"
          values={list('faultKind')}
          options={facets.faultKinds}
          onChange={setList('faultKind')}
        />
        <Pick label="Model" name="model" values={list('model')} options={facets.models} onChange={setList('model')} />
        <label
          className="flex items-center gap-1 text-[11px] text-zinc-500"
          title="Calls the guard refused: out of the run's scope, or a tool the agent does not have"
        >
          Blocked
          <select
            className={`${control} w-28`}
            value={state.blocked}
            onChange={(e) => onChange(withChange(state, { blocked: e.target.value }))}
            data-testid="filter-blocked"
          >
            <option value="">any</option>
            <option value="1">⛔ attempts</option>
            <option value="0">none</option>
          </select>
        </label>
        <div className="flex flex-wrap items-center gap-1 text-[11px] text-zinc-500" data-testid="filter-time">
          <span>Started (UTC)</span>
          <input
            type="datetime-local"
            className={`${control} w-36`}
            aria-label="Started from"
            value={toLocalInput(state.from)}
            onChange={(e) => onChange(withChange(state, { from: fromLocalInput(e.target.value) }))}
            data-testid="filter-from"
          />
          <span>–</span>
          <input
            type="datetime-local"
            className={`${control} w-36`}
            aria-label="Started before"
            value={toLocalInput(state.to)}
            onChange={(e) => onChange(withChange(state, { to: fromLocalInput(e.target.value) }))}
            data-testid="filter-to"
          />
          {RANGES.map((r) => (
            <Button
              key={r.label}
              size="sm"
              variant="ghost"
              onClick={() => onChange(withChange(state, { from: sinceInstant(r.ms, now()), to: '' }))}
            >
              {r.label}
            </Button>
          ))}
        </div>
      </Row>
    </div>
  );
}

import type { TraceEvent } from '../events';
import { foldBatch } from './fold';
import { emptyGraph, reduceGraph, type GraphState } from './graph';
import { emptyRunSummary, reduceRunSummary, type RunSummary } from './run-summary';
import { emptySpans, reduceSpans, type SpanState } from './spans';

/** The three folds a run page needs, advanced together by one reducer (the browser store's and the API's). */
export interface RunView {
  spans: SpanState;
  graph: GraphState;
  summary: RunSummary;
}

export const emptyRunView: RunView = { spans: emptySpans, graph: emptyGraph, summary: emptyRunSummary };

export function reduceRunView(state: RunView, event: TraceEvent): RunView {
  if (event.seq <= state.summary.lastSeq) return state;
  return {
    spans: reduceSpans(state.spans, event),
    graph: reduceGraph(state.graph, event),
    summary: reduceRunSummary(state.summary, event),
  };
}

export function foldRunView(events: Iterable<TraceEvent>, initial: RunView = emptyRunView): RunView {
  return foldBatch(reduceRunView, initial, events);
}

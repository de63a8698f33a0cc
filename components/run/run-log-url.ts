/**
 * The recorded log of a run, a line per event. The run page (a server component) preloads it with
 * the page and use-run-stream fetches it: one URL, so the fetch takes the preloaded response. Not
 * in the hook's 'use client' module, whose exports the server only sees as client references.
 */
export const runLogUrl = (runId: string): string => `/api/runs/${encodeURIComponent(runId)}/events.ndjson`;

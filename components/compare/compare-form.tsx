import { Panel } from '../ui/panel';

const input =
  'h-8 w-full rounded border border-zinc-300 bg-white px-2 font-mono text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

/** /compare without two run ids: a plain GET form (the run ids are on every run page and in the runs list). */
export function CompareForm({ a, b }: { a: string; b: string }) {
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <h1 className="text-lg font-semibold">Compare two runs</h1>
      <Panel bodyClassName="p-4">
        <form method="get" action="/compare" className="space-y-3" data-testid="compare-form">
          <p className="text-xs text-zinc-500">
            Give two run ids (from a run page or the runs list). A re-run or a fork links here by itself, as do the two
            checkouts of one order.
          </p>
          <label className="block space-y-1 text-xs">
            <span className="text-zinc-500">Run A</span>
            <input name="a" defaultValue={a} required maxLength={100} className={input} />
          </label>
          <label className="block space-y-1 text-xs">
            <span className="text-zinc-500">Run B</span>
            <input name="b" defaultValue={b} required maxLength={100} className={input} />
          </label>
          <button
            type="submit"
            className="h-8 rounded-md border border-indigo-600 bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-500"
          >
            Compare
          </button>
        </form>
      </Panel>
    </div>
  );
}

import { getDb } from '@/lib/db/client';
import { listRecentRuns } from '@/lib/store/run-list';
import { RunTable } from '@/components/runs/run-table';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { Panel } from '@/components/ui/panel';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Runs · Agent Checkout Observatory' };

/** /runs: the most recent runs (full history search comes later). */
export default async function RunsPage() {
  const runs = await listRecentRuns(await getDb(), { limit: 100 });
  const running = runs.filter((r) => r.status === 'running').length;
  return (
    <div className="space-y-3">
      <AutoRefresh intervalMs={running > 0 ? 2000 : 5000} />
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Runs</h1>
        <p className="text-xs text-zinc-500">The {runs.length} most recent{running ? `, ${running} running` : ''}.</p>
      </div>
      <Panel bodyClassName="overflow-x-auto" testId="runs">
        <RunTable runs={runs} />
      </Panel>
    </div>
  );
}

/**
 * The chaos scorecard from the command line:
 *   npm run chaos -- --orders 20 --seed 1 --k 3 --profile random
 * Runs in throw-away stores (the live one is untouched), prints the table, and keeps the
 * result in the database at DATABASE_URL (ChaosReport), beside earlier ones.
 */
import { parseArgs } from 'node:util';
import { getDb } from '../lib/db/client';
import { modelsFromEnv } from '../lib/checkout/app-services';
import { formatScorecard, runScorecard, saveScorecard, scorecardRequestSchema } from '../lib/chaos/scorecard';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      k: { type: 'string', default: '3' },
      profile: { type: 'string', default: 'random' },
    },
  });
  const parsed = scorecardRequestSchema.safeParse({
    orders: Number(values.orders),
    seed: Number(values.seed),
    k: Number(values.k),
    profile: values.profile,
  });
  if (!parsed.success) {
    console.error(`bad arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const db = await getDb();
  const modelFor = modelsFromEnv();
  const card = await runScorecard(parsed.data, { modelFor, label: modelFor('CheckoutAgent').label }, db);
  console.log(
    `chaos scorecard: ${card.orders} orders × ${card.k} trials × 2 modes, profile ${card.profile}, seed ${card.seed}, model ${card.model} (${(card.durationMs / 1000).toFixed(1)} s on ${card.threads} thread${card.threads === 1 ? '' : 's'})\n`,
  );
  console.log(formatScorecard(card));
  const saved = await saveScorecard(db, card);
  const history = await db.chaosReport.count();
  console.log(`\nsaved as report ${saved.id} (${history} report(s) kept)`);
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

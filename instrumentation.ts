// Start-up work: open the database (migrations + demo seed) before the first request.
// register() can run more than once; openDatabase is memoised on globalThis.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { runStartupTasks } = await import('./lib/startup');
  await runStartupTasks();
}

/**
 * The import direction of ../shared/STYLE.md: app → components → lib, never back;
 * lib/ has no React; services know nothing of agents; the planner knows nothing of
 * services or the database; components never touch the database or the services.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-not-to-app-or-components',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
    { name: 'components-not-to-app', severity: 'error', from: { path: '^components/' }, to: { path: '^app/' } },
    {
      name: 'lib-no-react',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: 'node_modules/(react|react-dom|@xyflow)/' },
    },
    {
      name: 'components-not-to-db-or-services',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^lib/(db|services|faults|agents|orchestrator|planner|models)/' },
    },
    {
      name: 'services-know-no-agents',
      severity: 'error',
      from: { path: '^lib/(services|faults)/' },
      to: { path: '^lib/(agents|orchestrator|planner|models)/' },
    },
    {
      name: 'planner-sees-only-messages',
      severity: 'error',
      from: { path: '^lib/planner/' },
      to: { path: '^lib/(db|services|faults|trace|agents|orchestrator)/' },
    },
    {
      name: 'trace-below-agents',
      severity: 'error',
      from: { path: '^lib/trace/' },
      to: { path: '^lib/(agents|orchestrator|planner|models|services)/' },
    },
    {
      name: 'guard-knows-no-agents',
      severity: 'error',
      from: { path: '^lib/guard/' },
      to: { path: '^lib/(agents|orchestrator|planner|models|services)/' },
    },
    // The HTTP contract is imported by routes, the browser and the tests alike: zod and browser-safe tables only.
    {
      name: 'wire-is-browser-safe',
      severity: 'error',
      from: { path: '^lib/wire/' },
      to: {
        path: '^lib/(?!wire/|protocol/|runtime/(instant|pace|clock|random)\\.ts$|faults/catalog\\.ts$|trace/events\\.ts$|trace/projections/|chaos/batch-outcome\\.ts$)',
      },
    },
    // The browser's API client parses with the HTTP contract's schemas: it imports them from lib/wire, declares none.
    {
      name: 'components-api-reads-the-wire',
      severity: 'error',
      from: { path: '^components/api/' },
      to: { path: '^lib/(?!wire/|runtime/pace\\.ts$)' },
    },
    { name: 'db-is-the-bottom', severity: 'error', from: { path: '^lib/db/' }, to: { path: '^lib/(?!db/)' } },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(app|components|lib)/' },
      to: { circular: true, pathNot: '^lib/db/generated(-pg)?/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib/db/generated(-pg)?|\\.next)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};

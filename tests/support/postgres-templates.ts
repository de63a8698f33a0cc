/** The template databases on the test server (postgres-global-setup.ts makes them). */
export const POSTGRES_TEMPLATES = { empty: 'aco_template_empty', seeded: 'aco_template_seeded' } as const;

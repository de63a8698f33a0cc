import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import { healthResponseSchema } from '@/lib/wire/health';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
}, 120_000);
afterAll(async () => t.dispose());

describe('GET /api/health', () => {
  it('answers its schema, the live trace export included (off without OTEL_EXPORTER_OTLP_ENDPOINT)', async () => {
    const res = await GET();
    const body = healthResponseSchema.parse(await res.json());
    expect(body.otel.export).toEqual({ enabled: false });
    expect(body.database.ok).toBe(true);
  });
});

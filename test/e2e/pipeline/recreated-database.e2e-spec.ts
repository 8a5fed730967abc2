import type { INestApplication } from '@nestjs/common';
import { createConnection } from 'mysql2/promise';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/env.schema';
import { ensureDatabase } from '../../../src/database/database.options';
import { openDataSource, runMigrations } from '../../../src/database/migrations';
import { seedDemo } from '../../../src/seed/demo-seed';
import { createTestApp, DEMO_PASSWORD } from '../../app';
import { loginAll, TicketDriver } from '../../factories/tickets';
import { waitFor } from '../../wait-for';

/**
 * A centre drops its database and creates it again while Redis keeps the queues' finished jobs (an
 * hour). The new database hands out the same ticket and event ids, so job ids made of those alone
 * were already taken, and the new tickets were never classified.
 */
describe('Pipeline on a database created again on the same Redis prefix (e2e)', () => {
  const databaseName = `${process.env.DB_NAME ?? 'hotline_test'}_again`;
  const sharedDatabaseName = process.env.DB_NAME;

  const createDatabase = async (): Promise<void> => {
    await dropDatabase();
    const config = loadConfig();
    await ensureDatabase(config);
    const dataSource = await openDataSource(config);
    try {
      await runMigrations(dataSource);
      await seedDemo(dataSource, { password: DEMO_PASSWORD });
    } finally {
      await dataSource.destroy();
    }
  };

  const dropDatabase = async (): Promise<void> => {
    const config = loadConfig();
    const admin = await createConnection({
      host: config.DB_HOST,
      port: config.DB_PORT,
      user: config.DB_USER,
      password: config.DB_PASSWORD,
    });
    await admin.query(`DROP DATABASE IF EXISTS \`${databaseName}\``);
    await admin.end();
  };

  /** Boots the app on a new database, submits one ticket and returns its id and whether it was classified. */
  const submitOnNewDatabase = async (): Promise<{ ticketId: number; roundEventId: number; classified: boolean }> => {
    await createDatabase();
    const app: INestApplication<App> = await createTestApp();
    try {
      const t = await loginAll(app);
      const d = new TicketDriver(app);
      const created = await d.create(t.agent, {
        description: '娜姑镇白雾村村口的垃圾堆了半个月没人清运，臭气熏天，请尽快处理',
      });
      await d.ok(t.agent, created.id, 'submit');
      const db = app.get(DataSource);
      const [round] = (await db.query(
        "SELECT MAX(id) AS id FROM ticket_events WHERE ticket_id = ? AND to_status = 'pending_dispatch'",
        [created.id],
      )) as { id: number }[];
      const classified = await waitFor(
        async () => {
          const rows = (await db.query("SELECT 1 FROM ticket_events WHERE ticket_id = ? AND action = 'classified'", [
            created.id,
          ])) as unknown[];
          return rows.length > 0 ? true : null;
        },
        { timeoutMs: 15_000, what: `ticket ${created.id} to be classified` },
      ).catch(() => false);
      return { ticketId: created.id, roundEventId: Number(round.id), classified };
    } finally {
      await app.close();
    }
  };

  beforeAll(() => {
    process.env.DB_NAME = databaseName;
    process.env.PIPELINE_ENABLED = 'true';
  });

  afterAll(async () => {
    process.env.DB_NAME = sharedDatabaseName;
    process.env.PIPELINE_ENABLED = 'false';
    await dropDatabase();
  });

  it('should classify the new database first ticket though the old one finished a job of the same ids', async () => {
    const first = await submitOnNewDatabase();
    expect(first.classified).toBe(true);
    const second = await submitOnNewDatabase();
    // the same ids as the first database's ticket, whose finished jobs Redis still holds
    expect(second.ticketId).toBe(first.ticketId);
    expect(second.roundEventId).toBe(first.roundEventId);
    expect(second.classified).toBe(true);
  }, 120_000);
});

import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../app';

describe('Database sessions (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('should run every pooled connection in UTC, whatever the server zone, so defaults match the driver', async () => {
    const dataSource = app.get(DataSource);
    // held open together, so the pool has to open connections beyond the first
    const rows = await Promise.all(
      Array.from({ length: 8 }, () =>
        dataSource.query<{ tz: string; id: number }[]>(
          'SELECT @@session.time_zone AS tz, CONNECTION_ID() AS id, SLEEP(0.05) AS s',
        ),
      ),
    );
    expect(new Set(rows.map((r) => Number(r[0]!.id))).size).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r[0]!.tz))).toEqual(new Set(['+00:00']));
    // a row's DEFAULT CURRENT_TIMESTAMP(3) reads back as the instant it was written
    const [row] = await dataSource.query<{ at: Date }[]>('SELECT CURRENT_TIMESTAMP(3) AS at');
    expect(Math.abs(row!.at.getTime() - Date.now())).toBeLessThan(5000);
  });
});

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

  it("should reuse each pooled connection's promise wrapper instead of building one per query", async () => {
    const pool = (app.get(DataSource).driver as unknown as { pool: PoolLike }).pool;
    const connection = await new Promise<PooledConnection>((resolve, reject) =>
      pool.getConnection((error, c) => (error ? reject(error) : resolve(c))),
    );
    try {
      const first = connection.promise();
      expect(connection.promise()).toBe(first);
      // the wrapper still runs queries on its connection
      const [rows] = (await first.query('SELECT CONNECTION_ID() AS id')) as [{ id: number }[]];
      expect(Number(rows[0]!.id)).toBe(connection.threadId);
    } finally {
      connection.release();
    }
  });
});

interface PooledConnection {
  threadId: number;
  release(): void;
  promise(): { query(sql: string): Promise<unknown> };
}

interface PoolLike {
  getConnection(cb: (error: Error | null, connection: PooledConnection) => void): void;
}

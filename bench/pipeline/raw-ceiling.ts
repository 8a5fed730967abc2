import { createPool } from 'mysql2/promise';

/**
 * The machine's own ceiling for the same write: plain mysql2 transactions inserting a ticket row
 * and one event row, at the same concurrency, with nothing else in the way.
 */
export async function rawTransactionsPerSecond(
  env: NodeJS.ProcessEnv,
  total: number,
  concurrency: number,
): Promise<number> {
  const pool = createPool({
    host: env.DB_HOST ?? '127.0.0.1',
    port: Number(env.DB_PORT ?? 3306),
    user: env.DB_USER ?? 'root',
    password: env.DB_PASSWORD ?? '',
    database: env.DB_NAME,
    connectionLimit: concurrency,
  });
  let next = 0;
  const run = async (): Promise<void> => {
    const connection = await pool.getConnection();
    try {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        await connection.beginTransaction();
        const [result] = await connection.query(
          `INSERT INTO tickets (number, channel, source_line, caller_phone, description, area_id, category_id, urgency, status, caller_confidential, version)
           VALUES (?, 'phone', '12345', '13800000000', ?, 2, 3, 'normal', 'new', 0, 1)`,
          [`RAW-${process.pid}-${i}`, `基准测试原始事务 ${i}`],
        );
        const ticketId = (result as { insertId: number }).insertId;
        await connection.query(
          "INSERT INTO ticket_events (ticket_id, action, actor_user_id, from_status, to_status) VALUES (?, 'created', 1, NULL, 'new')",
          [ticketId],
        );
        await connection.commit();
      }
    } finally {
      connection.release();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, run));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return total / seconds;
}

import type { DataSource } from 'typeorm';

/** The Shanghai calendar day of an instant as YYYYMMDD (China has had no DST since 1991). */
export function shanghaiDay(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 10).replace(/-/g, '');
}

export function formatTicketNumber(day: string, value: number): string {
  return `${day}-${String(value).padStart(6, '0')}`;
}

/**
 * Hands out the next number of the day. It runs in its own short autocommit statement, outside
 * the ticket's transaction, so the day's counter row is locked for microseconds rather than for a
 * whole intake; a rolled-back intake leaves a gap in the sequence, never a duplicate.
 */
export async function nextTicketNumber(dataSource: DataSource, at = new Date()): Promise<string> {
  const day = shanghaiDay(at);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(
      'INSERT INTO ticket_number_sequences (day, last_value) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE last_value = LAST_INSERT_ID(last_value + 1)',
      [day],
    );
    const rows = (await runner.query('SELECT LAST_INSERT_ID() AS value')) as { value: string | number }[];
    return formatTicketNumber(day, Number(rows[0]?.value));
  } finally {
    await runner.release();
  }
}

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
 * whole intake; a rolled-back intake leaves a gap in the sequence, never a duplicate. The value
 * comes back in the statement's own answer: LAST_INSERT_ID(expr) sets the insert id it reports.
 */
export async function nextTicketNumber(dataSource: DataSource, at = new Date()): Promise<string> {
  const day = shanghaiDay(at);
  const result = (await dataSource.query(
    'INSERT INTO ticket_number_sequences (day, last_value) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE last_value = LAST_INSERT_ID(last_value + 1)',
    [day],
  )) as { insertId: number | string };
  const value = Number(result.insertId);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`ticket number sequence returned ${String(result.insertId)}`);
  return formatTicketNumber(day, value);
}

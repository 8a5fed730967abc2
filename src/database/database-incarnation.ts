import type { DataSource } from 'typeorm';

/**
 * The token made when this database was created (migration DatabaseIncarnation): the same for every
 * process on the database, different for a database dropped and created again.
 */
export async function readDatabaseIncarnation(dataSource: DataSource): Promise<string> {
  const rows = (await dataSource.query('SELECT token FROM database_incarnation WHERE id = 1')) as { token: string }[];
  if (rows.length === 0) throw new Error('database_incarnation has no row: run the migrations');
  return rows[0].token;
}

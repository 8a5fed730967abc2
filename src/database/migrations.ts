import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import { dataSourceOptions, ensureDatabase, initializeUtc, probeDatabase } from './database.options';

/** A data source for operations outside Nest (CLI, test setup), on the same options as the app. */
export async function openDataSource(config: AppConfig, options: { create?: boolean } = {}): Promise<DataSource> {
  const { flavor } = await probeDatabase(config);
  if (options.create) await ensureDatabase(config);
  return initializeUtc(dataSourceOptions(config, flavor));
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** The SQL that would bring the schema in line with the entities: empty when they agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query),
  };
}

/** Writes `migrations/<timestamp>-<Name>.ts` from the pending schema changes; returns null when there are none. */
export async function generateMigration(dataSource: DataSource, name: string, dir: string): Promise<string | null> {
  if (!/^[A-Z][A-Za-z0-9]{2,80}$/.test(name)) throw new Error('The migration name must be PascalCase, e.g. AddTickets');
  const { up, down } = await pendingSchemaChanges(dataSource);
  if (up.length === 0) return null;
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const q = (s: string): string => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map((s) => `    await queryRunner.query(${q(s)});`).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down
  .reverse()
  .map((s) => `    await queryRunner.query(${q(s)});`)
  .join('\n')}
  }
}
`;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${timestamp}-${name}.ts`);
  writeFileSync(file, body);
  return file;
}

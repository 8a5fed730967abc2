import { loadConfig } from './config/env.schema';
import { openDataSource, runMigrations } from './database/migrations';
import { preflight } from './bootstrap';
import { startServer } from './main';
import { seedDemoClassifier } from './seed/demo-classifier.seed';
import { isDatabaseEmpty, seedDemo } from './seed/demo-seed';

/**
 * The quick start: checks MySQL and Redis, creates the database if missing, applies the
 * migrations, seeds the demo county into an empty database, starts every role in this process
 * and prints where to log in.
 */
export async function startAll(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const dataSource = await openDataSource(config, { create: true });
  let seeded = false;
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
    if (await isDatabaseEmpty(dataSource)) {
      console.log('Empty database: seeding the demo county (25 townships, 381 villages, 4,847 grids)...');
      await seedDemo(dataSource, { password: config.DEMO_PASSWORD });
      await seedDemoClassifier(dataSource, console.log);
      seeded = true;
    }
  } finally {
    await dataSource.destroy();
  }
  await startServer();
  const base = `http://localhost:${config.PORT}`;
  console.log(
    [
      '',
      `12345 热线工单系统 is running (role ${config.APP_ROLE}, database ${config.DB_NAME}${seeded ? ', demo data seeded' : ''}).`,
      `  Consoles:  ${base}/console`,
      `  API docs:  ${base}/api/docs`,
      `  Health:    ${base}/api/health`,
      `  Demo logins (password ${config.DEMO_PASSWORD}): admin, agent, dispatcher, supervisor,`,
      '    clerks clerk-<unit code>, e.g. clerk-dept-market, clerk-tn-gucheng',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

import 'reflect-metadata';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadEnvFile } from './config/env.schema';
import { generateMigration, openDataSource, runMigrations } from './database/migrations';
import { seedDemoClassifier } from './seed/demo-classifier.seed';
import { seedDemo } from './seed/demo-seed';
import { startAll } from './start';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

type Command = (argv: string[]) => Promise<void>;

const commands: Record<string, { help: string; run: Command }> = {
  'migration:run': {
    help: 'apply pending migrations',
    run: async () => {
      const dataSource = await openDataSource(loadConfig(), { create: true });
      try {
        const applied = await runMigrations(dataSource);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      } finally {
        await dataSource.destroy();
      }
    },
  },
  'migration:revert': {
    help: 'revert the last applied migration',
    run: async () => {
      const dataSource = await openDataSource(loadConfig());
      try {
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
      } finally {
        await dataSource.destroy();
      }
    },
  },
  'migration:generate': {
    help: '<Name>: write a migration for what the entities have and the schema lacks',
    run: async (argv) => {
      const name = argv[0];
      if (!name) throw new CliError('usage: migration:generate <PascalCaseName>');
      const dataSource = await openDataSource(loadConfig());
      try {
        const file = await generateMigration(dataSource, name, join(process.cwd(), 'migrations'));
        console.log(
          file
            ? `Wrote ${file}; review it before committing.`
            : 'The schema matches the entities: nothing to generate.',
        );
      } finally {
        await dataSource.destroy();
      }
    },
  },
};

Object.assign(commands, {
  'seed:demo': {
    help: '[--no-classifier] add the demo county, categories, rules and classifier where missing; safe to run again',
    run: async (argv: string[]) => {
      const config = loadConfig();
      const dataSource = await openDataSource(config, { create: true });
      try {
        await runMigrations(dataSource);
        const report = await seedDemo(dataSource, { password: config.DEMO_PASSWORD });
        const counts = Object.entries(report) as [string, { added: number; total: number }][];
        for (const [name, r] of counts) console.log(`${name.padEnd(10)} added ${r.added}, total ${r.total}`);
        if (!argv.includes('--no-classifier')) await seedDemoClassifier(dataSource, console.log);
      } finally {
        await dataSource.destroy();
      }
    },
  },
  up: {
    help: 'quick start: migrate, seed the demo county if empty, start the system, print where to log in',
    run: async () => {
      await startAll();
      // keep running: the server holds the process open
      await new Promise(() => undefined);
    },
  },
});

export function registerCommand(name: string, help: string, run: Command): void {
  commands[name] = { help, run };
}
import './responsibility/rules.cli';
import './sla/sla.cli';
import './classification/classifier-commands.cli';

function usage(): string {
  return [
    'usage: npm run cli -- <command> [options]',
    '',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(22)} ${c.help}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Unknown command: ${name}\n\n${usage()}` : usage());
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    console.error(`${name}: ${(error as Error).message}`);
    return typeof exitCode === 'number' ? exitCode : 1;
  }
}

if (require.main === module) {
  loadEnvFile();
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

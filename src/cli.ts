import 'reflect-metadata';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config/env.schema';
import { generateMigration, openDataSource, runMigrations } from './database/migrations';

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

export function registerCommand(name: string, help: string, run: Command): void {
  commands[name] = { help, run };
}

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
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

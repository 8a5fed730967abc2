// CLI: sla:deadline and sla:rearm. src/cli.ts imports this file below registerCommand and its
// command table (this file calls registerCommand while cli.ts is still loading).

import { CliError, registerCommand } from '../cli';
import { loadConfig } from '../config/env.schema';
import { openDataSource } from '../database/migrations';
import { SlaDeadlineCliError, slaDeadlineCommand } from './sla-deadline.cli';
import { WorkingCalendar } from './working-calendar';

/** The statutory calendar with the admin's overrides; without them (and a note on stderr) if MySQL is out of reach. */
async function calendarWithOverrides(): Promise<WorkingCalendar> {
  let dataSource: Awaited<ReturnType<typeof openDataSource>> | undefined;
  try {
    dataSource = await openDataSource(loadConfig());
    const rows = (await dataSource.query('SELECT date, kind FROM calendar_overrides')) as {
      date: string;
      kind: 'holiday' | 'workday';
    }[];
    return new WorkingCalendar({ overrides: rows });
  } catch (error) {
    console.error(`sla:deadline: without the local calendar overrides (${(error as Error).message})`);
    return new WorkingCalendar();
  } finally {
    await dataSource?.destroy();
  }
}

registerCommand(
  'sla:deadline',
  '--from <ISO> (--working-days N | --working-hours H): a deadline on the statutory calendar and the local overrides',
  async (argv) => {
    try {
      // arguments and coverage first, so a typo answers at once rather than after connecting to MySQL
      slaDeadlineCommand(argv);
      console.log(slaDeadlineCommand(argv, await calendarWithOverrides()));
    } catch (error) {
      // cli.ts prefixes the command's name itself
      if (error instanceof SlaDeadlineCliError) {
        throw new CliError(error.message.replace(/^sla:deadline: /, ''), error.exitCode);
      }
      throw error;
    }
  },
);

registerCommand(
  'sla:rearm',
  "re-arm every open ticket's SLA timers; record warnings and breaches that fell due meanwhile (after a Redis loss)",
  async () => {
    // this process arms and records itself: no queue processors, outbox relay or sweeper loop of its own
    process.env.APP_ROLE = 'api';
    process.env.LOG_LEVEL ??= 'warn';
    const { NestFactory } = await import('@nestjs/core');
    const { AppModule } = await import('../app.module');
    const { SlaSweeper } = await import('./sla.sweeper');
    const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
    try {
      const report = await app.get(SlaSweeper).sweep();
      console.log(
        `Re-armed ${report.tickets} open ticket(s): ${report.enqueued} timer(s) enqueued, ` +
          `${report.fired} warning(s) or breach(es) recorded now, ${report.failed} failed.`,
      );
      if (report.failed > 0) throw new CliError('some tickets could not be armed: is Redis up?', 1);
    } finally {
      await app.close();
    }
  },
);

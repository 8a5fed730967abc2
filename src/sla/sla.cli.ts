// CLI: sla:deadline and sla:rearm. src/cli.ts imports this file below registerCommand and its
// command table (this file calls registerCommand while cli.ts is still loading).

import { CliError, registerCommand } from '../cli';
import { loadConfig } from '../config/env.schema';
import { openDataSource } from '../database/migrations';
import { SlaDeadlineCliError, slaDeadlineCommand } from './sla-deadline.cli';
import { loadWorkingCalendar } from './calendar-loader';
import { WorkingCalendar } from './working-calendar';

/**
 * The statutory calendar with what the admins entered (holiday notices, overrides); without them,
 * and a note on stderr, if MySQL is out of reach.
 */
async function calendarOfAdmins(): Promise<WorkingCalendar> {
  let dataSource: Awaited<ReturnType<typeof openDataSource>> | undefined;
  try {
    dataSource = await openDataSource(loadConfig());
    return await loadWorkingCalendar(dataSource, (year, error) =>
      console.error(`sla:deadline: without the ${year} holiday notice, which is not valid (${error.message})`),
    );
  } catch (error) {
    console.error(`sla:deadline: without the holiday notices and overrides entered here (${(error as Error).message})`);
    return new WorkingCalendar();
  } finally {
    await dataSource?.destroy();
  }
}

registerCommand(
  'sla:deadline',
  '--from <ISO> (--working-days N | --working-hours H): a deadline on the statutory calendar, the notices and overrides entered',
  async (argv) => {
    try {
      // the arguments first, so a typo answers at once rather than after connecting to MySQL; a year
      // chinese-days lacks may still be covered by a notice entered here
      try {
        slaDeadlineCommand(argv);
      } catch (error) {
        if (!(error instanceof SlaDeadlineCliError && error.exitCode === 3)) throw error;
      }
      console.log(slaDeadlineCommand(argv, await calendarOfAdmins()));
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

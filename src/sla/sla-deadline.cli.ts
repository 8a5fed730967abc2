/**
 * `npm run cli -- sla:deadline --from <ISO instant> --working-days N | --working-hours H`
 *
 * Prints the due instant as `2026-02-24T10:00:00.000+08:00` (Shanghai time, milliseconds, explicit
 * offset; see formatShanghaiIso). This output is a stable contract for scripts: do not change it.
 * --from without an offset is read as Shanghai wall-clock time. Flags may be `--flag value` or
 * `--flag=value`. Exit code 2: invalid arguments; 3: the statutory calendar does not cover a year
 * the computation needs.
 */
import { DomainError } from '../common/domain-error';
import { CalendarYearNotCovered, SlaInputError } from './sla.errors';
import { formatShanghaiIso, parseShanghaiInstant } from './shanghai-time';
import { WorkingCalendar } from './working-calendar';

export const SLA_DEADLINE_USAGE =
  'usage: sla:deadline --from <ISO 8601 instant, e.g. 2026-02-13T10:00:00+08:00> ' +
  '(--working-days <whole number> | --working-hours <number>)';

/** Error for the lead's cli.ts: print `message`, exit with `exitCode`. */
export class SlaDeadlineCliError extends DomainError {
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(
      exitCode === 2 ? 'sla.cli_invalid_arguments' : 'sla.calendar_year_not_covered',
      exitCode === 2 ? 'invalid_input' : 'unavailable',
      message,
    );
    this.name = 'SlaDeadlineCliError';
  }
}

const FLAGS = ['--from', '--working-days', '--working-hours'] as const;
type Flag = (typeof FLAGS)[number];

function invalid(message: string): SlaDeadlineCliError {
  return new SlaDeadlineCliError(`sla:deadline: ${message}\n${SLA_DEADLINE_USAGE}`, 2);
}

function parseFlags(argv: readonly string[]): Map<Flag, string> {
  const flags = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!(FLAGS as readonly string[]).includes(name)) {
      throw invalid(`unknown argument ${JSON.stringify(arg)}`);
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw invalid(`${name} needs a value`);
    }
    if (flags.has(name as Flag)) {
      throw invalid(`${name} given twice`);
    }
    flags.set(name as Flag, value);
  }
  return flags;
}

/**
 * Runs `sla:deadline` and returns the line to print. `argv` are the arguments after the command
 * name (a leading 'sla:deadline' is tolerated). The calendar defaults to the statutory one with
 * default working hours; the lead's cli.ts may pass one built with the admin's overrides.
 */
export function slaDeadlineCommand(argv: readonly string[], calendar: WorkingCalendar = new WorkingCalendar()): string {
  const flags = parseFlags(argv[0] === 'sla:deadline' ? argv.slice(1) : argv);
  const fromText = flags.get('--from');
  if (fromText === undefined) {
    throw invalid('--from is required');
  }
  const days = flags.get('--working-days');
  const hours = flags.get('--working-hours');
  if ((days === undefined) === (hours === undefined)) {
    throw invalid('give exactly one of --working-days and --working-hours');
  }
  let from: number;
  try {
    from = parseShanghaiInstant(fromText);
  } catch (error) {
    throw error instanceof SlaInputError ? invalid(error.message) : error;
  }
  if (days !== undefined && !/^\d+$/.test(days)) {
    throw invalid(`--working-days must be a whole number of days, got ${JSON.stringify(days)}`);
  }
  if (hours !== undefined && !/^\d+(\.\d+)?$/.test(hours)) {
    throw invalid(`--working-hours must be a non-negative number, got ${JSON.stringify(hours)}`);
  }
  try {
    const due =
      days !== undefined ? calendar.addWorkingDays(from, Number(days)) : calendar.addWorkingHours(from, Number(hours));
    return formatShanghaiIso(due);
  } catch (error) {
    if (error instanceof CalendarYearNotCovered) {
      throw new SlaDeadlineCliError(`sla:deadline: ${error.message}`, 3);
    }
    throw error;
  }
}

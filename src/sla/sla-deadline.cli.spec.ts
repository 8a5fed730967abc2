import { SLA_DEADLINE_USAGE, SlaDeadlineCliError, slaDeadlineCommand } from './sla-deadline.cli';
import { chineseDaysStatutoryYears } from './prc-statutory-calendar';
import { WorkingCalendar } from './working-calendar';

function failure(argv: string[], calendar?: WorkingCalendar): SlaDeadlineCliError {
  try {
    slaDeadlineCommand(argv, calendar);
  } catch (error) {
    if (error instanceof SlaDeadlineCliError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected sla:deadline ${argv.join(' ')} to fail`);
}

describe(slaDeadlineCommand.name, () => {
  it.each([
    [['--from', '2026-02-13T10:00:00+08:00', '--working-days', '2'], '2026-02-24T10:00:00.000+08:00'],
    [['sla:deadline', '--from', '2026-02-13T10:00:00+08:00', '--working-days', '1'], '2026-02-14T10:00:00.000+08:00'],
    [['--from=2026-02-13T02:00:00Z', '--working-days=2'], '2026-02-24T10:00:00.000+08:00'],
    [['--working-days', '15', '--from', '2026-02-13T10:00'], '2026-03-12T10:00:00.000+08:00'],
    [['--from', '2026-02-13T17:00:00+08:00', '--working-hours', '9'], '2026-02-24T09:30:00.000+08:00'],
    [['--from', '2026-03-02T11:00:00.5+08:00', '--working-hours', '1.5'], '2026-03-02T15:00:00.500+08:00'],
    [['--from', '2025-09-30T19:00:00+08:00', '--working-days', '1'], '2025-10-10T08:30:00.000+08:00'],
    [['--from', '2026-02-15T11:00:00+08:00', '--working-days', '0'], '2026-02-24T08:30:00.000+08:00'],
  ])('should print the due instant for %j', (argv, expected) => {
    expect(slaDeadlineCommand(argv)).toBe(expected);
  });

  it.each([
    [[], /--from is required/],
    [['--working-days', '2'], /--from is required/],
    [['--from', '2026-02-13T10:00:00+08:00'], /exactly one of/],
    [['--from', '2026-02-13T10:00:00+08:00', '--working-days', '1', '--working-hours', '2'], /exactly one of/],
    [['--from', '2026-02-13', '--working-days', '1'], /Not an ISO 8601 date-time/],
    [['--from', '2026-02-30T10:00:00+08:00', '--working-days', '1'], /No such calendar date/],
    [['--from', '2026-02-13T25:00:00+08:00', '--working-days', '1'], /No such time of day/],
    [['--from', 'yesterday', '--working-days', '1'], /Not an ISO 8601 date-time/],
    [['--from', '2026-02-13T10:00:00+08:00', '--working-days', '1.5'], /whole number/],
    [['--from', '2026-02-13T10:00:00+08:00', '--working-days', '-1'], /whole number/],
    [['--from', '2026-02-13T10:00:00+08:00', '--working-hours', 'two'], /non-negative number/],
    [['--from', '2026-02-13T10:00:00+08:00', '--working-hours', '1e3'], /non-negative number/],
    [['--from', '2026-02-13T10:00:00+08:00', '--working-days'], /needs a value/],
    [['--from', '--working-days', '1'], /needs a value/],
    [['--from=', '--working-days', '1'], /needs a value/],
    [['--from', '2026-02-13T10:00:00+08:00', '--from', '2026-02-14T10:00:00+08:00', '--working-days', '1'], /twice/],
    [['--from', '2026-02-13T10:00:00+08:00', '--days', '1'], /unknown argument "--days"/],
    [['2026-02-13T10:00:00+08:00'], /unknown argument/],
  ])('should refuse %j with exit code 2', (argv, message) => {
    const error = failure(argv);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('sla.cli_invalid_arguments');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(SLA_DEADLINE_USAGE);
  });

  it('should exit with code 3 when the calendar does not cover a year it needs', () => {
    const only2025 = new WorkingCalendar({
      statutoryYears: chineseDaysStatutoryYears().filter((y) => y.year === 2025),
    });
    const error = failure(['--from', '2025-12-30T10:00:00+08:00', '--working-days', '5'], only2025);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/no data for 2026/);
    expect(failure(['--from', '2099-01-05T10:00:00+08:00', '--working-days', '1']).exitCode).toBe(3);
  });

  it('should use the calendar it is given, with the admin overrides', () => {
    const local = new WorkingCalendar({ overrides: [{ date: '2026-02-24', kind: 'holiday' }] });
    expect(slaDeadlineCommand(['--from', '2026-02-13T10:00:00+08:00', '--working-days', '2'], local)).toBe(
      '2026-02-25T10:00:00.000+08:00',
    );
  });
});

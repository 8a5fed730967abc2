import type { DataSource } from 'typeorm';
import { CalendarOverrideRow } from './calendar-override.entity';
import { CalendarYearRow } from './calendar-year.entity';
import { statutoryYearOfNotice } from './holiday-notice';
import type { StatutoryYear } from './prc-statutory-calendar';
import { WorkingCalendar } from './working-calendar';

/**
 * The statutory calendar with what the admins entered: the holiday notices of years chinese-days
 * lacks (calendar_years) and the local overrides. A notice spoiled by hand in the database (each is
 * checked when entered) is left out and reported, so that it does not take the others down with it.
 */
export async function loadWorkingCalendar(
  dataSource: DataSource,
  onInvalidNotice: (year: number, error: Error) => void,
): Promise<WorkingCalendar> {
  const [overrides, years] = await Promise.all([
    dataSource.getRepository(CalendarOverrideRow).find({ order: { date: 'ASC' } }),
    dataSource.getRepository(CalendarYearRow).find({ order: { year: 'ASC' } }),
  ]);
  const supplements: StatutoryYear[] = [];
  for (const row of years) {
    try {
      supplements.push(statutoryYearOfNotice(row.year, row));
    } catch (error) {
      onInvalidNotice(row.year, error as Error);
    }
  }
  return new WorkingCalendar({ overrides: overrides.map((r) => ({ date: r.date, kind: r.kind })), supplements });
}

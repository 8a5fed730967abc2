import { DomainError } from '../common/domain-error';

/** Bad input to the SLA arithmetic or the calendar configuration (an invalid date, clock spec, working hours …). */
export class SlaInputError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 'invalid_input', message, details);
    this.name = 'SlaInputError';
  }
}

/**
 * The statutory calendar has no data for a year the arithmetic needs. Guessing Monday–Friday would
 * silently move deadlines across the Spring Festival or a make-up Saturday, so we refuse instead;
 * `kind: 'unavailable'` because the fix is operational (upgrade chinese-days or enter the year's
 * State Council notice), not a bad request.
 */
export class CalendarYearNotCovered extends DomainError {
  constructor(readonly year: number) {
    super(
      'sla.calendar_year_not_covered',
      'unavailable',
      `The statutory working-day calendar has no data for ${year}: update chinese-days or enter the ` +
        `State Council holiday notice for ${year} (PUT /api/admin/calendar-years/${year})`,
      { year },
    );
    this.name = 'CalendarYearNotCovered';
  }
}

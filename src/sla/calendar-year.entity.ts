import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';
import type { HolidayBlock } from './holiday-notice';

/**
 * A year's State Council holiday notice as an admin entered it (see holiday-notice.ts): it makes
 * the year statutory for the working calendar where the installed chinese-days does not have it,
 * and replaces chinese-days' arrangement where it does (a correction). Dates are 'YYYY-MM-DD'
 * Shanghai calendar dates, as in calendar_overrides.
 */
@Entity({ name: 'calendar_years' })
export class CalendarYearRow {
  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year!: number;

  @Column({ type: 'json', nullable: false })
  holidays!: HolidayBlock[];

  @Column({ name: 'make_up_workdays', type: 'json', nullable: false })
  makeUpWorkdays!: string[];

  @Column({ type: 'varchar', length: 200, nullable: false })
  source!: string;

  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

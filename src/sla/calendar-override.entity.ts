import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

export const OVERRIDE_KINDS = ['holiday', 'workday'] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

/**
 * An admin's local change to the statutory calendar: an extra day off (a local festival, a typhoon
 * day) or an extra working day. The date is a Shanghai calendar date kept as 'YYYY-MM-DD' text: a
 * DATE column would come back through the driver as a JS Date at some midnight, and a server TZ
 * west of UTC would shift it by a day.
 */
@Entity({ name: 'calendar_overrides' })
@Index('UQ_calendar_overrides_date', ['date'], { unique: true })
export class CalendarOverrideRow {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'char', length: 10, nullable: false })
  date!: string;

  @Column({ type: 'varchar', length: 8, nullable: false })
  kind!: OverrideKind;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

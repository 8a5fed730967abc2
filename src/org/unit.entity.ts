import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

export const UNIT_KINDS = ['centre', 'department', 'township', 'village', 'grid_station'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A handling unit (承办单位): the hotline centre, a county department, a township, a village or a grid station. */
@Entity({ name: 'units' })
@Index('UQ_units_code', ['code'], { unique: true })
@Index('IDX_units_parent', ['parentId'])
@Index('IDX_units_area', ['areaId'])
@Index('IDX_units_path', ['path'])
export class Unit {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 64, nullable: false })
  code!: string;

  @Column({ type: 'varchar', length: 100, nullable: false })
  name!: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  kind!: UnitKind;

  @Column({ name: 'parent_id', type: 'int', unsigned: true, nullable: true })
  parentId!: number | null;

  /** The area a territorial unit (township, village, grid station) serves; null for the centre and departments. */
  @Column({ name: 'area_id', type: 'int', unsigned: true, nullable: true })
  areaId!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: false })
  path!: string;

  @Column({ type: 'boolean', nullable: false, default: true })
  active!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** What a dispatch checks of a unit it sends a ticket to, from MySQL or from an index that read it. */
export type KnownUnit = Pick<Unit, 'id' | 'kind' | 'path' | 'active'>;

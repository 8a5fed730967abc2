import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

export const TARGET_KINDS = ['unit', 'territorial'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TERRITORIAL_LEVELS = ['township', 'village', 'grid_station'] as const;
export type TerritorialLevel = (typeof TERRITORIAL_LEVELS)[number];

/**
 * One line of a responsibility list (权责清单 / 属地管理事项清单): matters of this category (and its
 * subtree) in this area (and its subtree; null = everywhere) go to a fixed unit, or to the
 * township / village / grid station serving the place.
 */
@Entity({ name: 'responsibility_rules' })
@Index('IDX_responsibility_rules_category_area', ['categoryId', 'areaId'])
@Index('IDX_responsibility_rules_area', ['areaId'])
@Index('IDX_responsibility_rules_target_unit', ['targetUnitId'])
export class ResponsibilityRule {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ name: 'category_id', type: 'int', unsigned: true, nullable: false })
  categoryId!: number;

  /** null: everywhere in the county, the least specific area. */
  @Column({ name: 'area_id', type: 'int', unsigned: true, nullable: true })
  areaId!: number | null;

  @Column({ name: 'target_kind', type: 'varchar', length: 16, nullable: false })
  targetKind!: TargetKind;

  @Column({ name: 'target_unit_id', type: 'int', unsigned: true, nullable: true })
  targetUnitId!: number | null;

  @Column({ name: 'target_level', type: 'varchar', length: 16, nullable: true })
  targetLevel!: TerritorialLevel | null;

  @Column({ name: 'co_handler_unit_ids', type: 'json', nullable: false })
  coHandlerUnitIds!: number[];

  @Column({ type: 'int', nullable: false })
  priority!: number;

  /** Calendar dates in Asia/Shanghai, as the documents state them; `utc` keeps them off the process time zone. */
  @Column({ name: 'valid_from', type: 'date', nullable: false, utc: true })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true, utc: true })
  validTo!: string | null;

  @Column({ name: 'source_document', type: 'varchar', length: 300, nullable: false })
  sourceDocument!: string;

  @Column({ type: 'boolean', nullable: false, default: true })
  active!: boolean;

  @Column({ type: 'int', unsigned: true, nullable: false, default: 1 })
  version!: number;

  /** null: written by the CLI or the seed, not by a signed-in user. */
  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy!: number | null;

  @Column({ name: 'updated_by', type: 'int', unsigned: true, nullable: true })
  updatedBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

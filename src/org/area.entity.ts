import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

export const AREA_LEVELS = ['county', 'township', 'village', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** A node of the administrative area tree: county → township/sub-district → village/community → grid. */
@Entity({ name: 'areas' })
@Index('UQ_areas_code', ['code'], { unique: true })
@Index('IDX_areas_parent', ['parentId'])
@Index('IDX_areas_path', ['path'])
export class Area {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 32, nullable: false })
  code!: string;

  @Column({ name: 'parent_id', type: 'int', unsigned: true, nullable: true })
  parentId!: number | null;

  @Column({ type: 'varchar', length: 16, nullable: false })
  level!: AreaLevel;

  @Column({ type: 'varchar', length: 100, nullable: false })
  name!: string;

  @Column({ type: 'json', nullable: false })
  aliases!: string[];

  /** Materialised path of ids, `/1/7/93/`: a subtree is one indexed prefix match. */
  @Column({ type: 'varchar', length: 255, nullable: false })
  path!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

/** A node of the matter category tree (事项分类); tickets are classified to leaves, rules may name any node. */
@Entity({ name: 'categories' })
@Index('UQ_categories_code', ['code'], { unique: true })
@Index('IDX_categories_parent', ['parentId'])
@Index('IDX_categories_path', ['path'])
export class Category {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  /** Stable dotted code (`urban.street-vending`): the CSV lists and the classifier name categories by it. */
  @Column({ type: 'varchar', length: 64, nullable: false })
  code!: string;

  @Column({ name: 'parent_id', type: 'int', unsigned: true, nullable: true })
  parentId!: number | null;

  @Column({ type: 'varchar', length: 100, nullable: false })
  name!: string;

  /** Materialised path of ids, `/3/17/`: a subtree is one indexed prefix match. */
  @Column({ type: 'varchar', length: 255, nullable: false })
  path!: string;

  /** 0 for a top-level group; the resolver prefers the deeper (more specific) category. */
  @Column({ type: 'tinyint', unsigned: true, nullable: false })
  depth!: number;

  /** 属地事项: handled by the township (village, grid) of the place rather than by a department. */
  @Column({ type: 'boolean', nullable: false, default: false })
  territorial!: boolean;

  @Column({ name: 'default_unit_id', type: 'int', unsigned: true, nullable: true })
  defaultUnitId!: number | null;

  /** Words typical of appeals in this category, for the keyword classifier and the consoles. */
  @Column({ type: 'json', nullable: false })
  keywords!: string[];

  @Column({ type: 'boolean', nullable: false, default: true })
  active!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

/**
 * A trained classifier, stored where every worker process can load the same one. The model JSON
 * is gzip-compressed (it is mostly base64 weights); exactly one row is active at a time.
 */
@Entity({ name: 'classifier_models' })
@Index('IDX_classifier_models_active', ['active', 'id'])
export class ClassifierModelRecord {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 100, nullable: false })
  name!: string;

  /** Where the training data came from: `demo-seed`, `closed-tickets`, a file name. */
  @Column({ type: 'varchar', length: 200, nullable: false })
  source!: string;

  @Column({ name: 'example_count', type: 'int', unsigned: true, nullable: false })
  exampleCount!: number;

  /** Held-out evaluation at training time (accuracy, macroF1, coverageAtPrecision97, ...). */
  @Column({ type: 'json', nullable: true })
  metrics!: Record<string, unknown> | null;

  @Column({ name: 'model_gzip', type: 'longblob', nullable: false, select: false })
  modelGzip!: Buffer;

  @Column({ name: 'size_bytes', type: 'int', unsigned: true, nullable: false })
  sizeBytes!: number;

  @Column({ type: 'boolean', nullable: false, default: false })
  active!: boolean;

  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

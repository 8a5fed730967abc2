import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

// MySQL 8 refuses a DATETIME(3) default of CURRENT_TIMESTAMP(6): the precisions must match.
export const CreatedAtColumn = (): PropertyDecorator =>
  CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' });

export const UpdatedAtColumn = (): PropertyDecorator =>
  UpdateDateColumn({
    name: 'updated_at',
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  });

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

export const ROLES = ['agent', 'dispatcher', 'clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const rolesTransformer = {
  to: (roles: Role[] | undefined): string | undefined => roles?.join(','),
  from: (value: string | null): Role[] => (value ? (value.split(',') as Role[]) : []),
};

@Entity({ name: 'users' })
@Index('UQ_users_username', ['username'], { unique: true })
@Index('IDX_users_unit', ['unitId'])
export class User {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 64, nullable: false })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64, nullable: false })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: false, select: false })
  passwordHash!: string;

  /** Comma-separated role names; one user may hold several. */
  @Column({ type: 'varchar', length: 100, nullable: false, transformer: rolesTransformer })
  roles!: Role[];

  @Column({ name: 'unit_id', type: 'int', unsigned: true, nullable: true })
  unitId!: number | null;

  @Column({ type: 'boolean', nullable: false, default: true })
  active!: boolean;

  @Column({ name: 'failed_logins', type: 'int', unsigned: true, nullable: false, default: 0 })
  failedLogins!: number;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3, nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

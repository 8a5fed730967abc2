import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

/** Who changed which administrative record, when, and how (before → after). Append-only. */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_entity', ['entityType', 'entityId'])
@Index('IDX_audit_log_created', ['createdAt'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  @Column({ name: 'actor_user_id', type: 'int', unsigned: true, nullable: true })
  actorUserId!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: false })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32, nullable: false })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: false })
  entityId!: string;

  @Column({ type: 'json', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'json', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

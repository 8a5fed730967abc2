import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';
import type { ClockSpec } from './sla-clock';
import type { AppealType, Urgency } from './sla-policy';

/**
 * One version of an admin SLA policy. Every edit inserts a new row (same `policy_id`, the next
 * global `version`) and deactivates the previous one, so the history stays; `version` is global so
 * that a ticket's `sla_policy_version` names the whole policy set it was assessed under.
 */
@Entity({ name: 'sla_policies' })
@Index('UQ_sla_policies_version', ['version'], { unique: true })
@Index('IDX_sla_policies_policy', ['policyId', 'version'])
@Index('IDX_sla_policies_active', ['active'])
export class SlaPolicyEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  /** The id of the policy's first version: what the admin API calls the policy. */
  @Column({ name: 'policy_id', type: 'int', unsigned: true, nullable: false })
  policyId!: number;

  @Column({ name: 'category_id', type: 'int', unsigned: true, nullable: true })
  categoryId!: number | null;

  @Column({ name: 'appeal_type', type: 'varchar', length: 16, nullable: true })
  appealType!: AppealType | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  urgency!: Urgency | null;

  @Column({ name: 'accept_clock', type: 'json', nullable: true })
  acceptClock!: ClockSpec | null;

  @Column({ name: 'first_contact_clock', type: 'json', nullable: true })
  firstContactClock!: ClockSpec | null;

  @Column({ name: 'resolution_clock', type: 'json', nullable: true })
  resolutionClock!: ClockSpec | null;

  @Column({ name: 'callback_clock', type: 'json', nullable: true })
  callbackClock!: ClockSpec | null;

  @Column({ type: 'int', unsigned: true, nullable: false })
  version!: number;

  @Column({ type: 'boolean', nullable: false, default: true })
  active!: boolean;

  @Column({ name: 'valid_from', type: 'datetime', precision: 3, nullable: false })
  validFrom!: Date;

  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RULE_CHANGE_KINDS = ['create', 'update', 'deactivate', 'import'] as const;
export type RuleChangeKind = (typeof RULE_CHANGE_KINDS)[number];

/** Every version of every rule, as it was after the change: which list said what, when. Append-only. */
@Entity({ name: 'responsibility_rule_versions' })
@Index('UQ_responsibility_rule_versions_rule_version', ['ruleId', 'version'], { unique: true })
export class ResponsibilityRuleVersion {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  @Column({ name: 'rule_id', type: 'int', unsigned: true, nullable: false })
  ruleId!: number;

  @Column({ type: 'int', unsigned: true, nullable: false })
  version!: number;

  @Column({ type: 'json', nullable: false })
  snapshot!: Record<string, unknown>;

  @Column({ name: 'change_kind', type: 'varchar', length: 16, nullable: false })
  changeKind!: RuleChangeKind;

  @Column({ name: 'changed_by', type: 'int', unsigned: true, nullable: true })
  changedBy!: number | null;

  // the shared helper names its column created_at; the same DATETIME(3) definition, under this table's name
  @CreateDateColumn({ name: 'changed_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  changedAt!: Date;
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSla1795708421266 implements MigrationInterface {
  name = 'AddSla1795708421266';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`calendar_overrides\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`date\` char(10) NOT NULL, \`kind\` varchar(8) NOT NULL, \`note\` varchar(200) NULL, \`created_by\` int UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_calendar_overrides_date\` (\`date\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sla_policies\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`policy_id\` int UNSIGNED NOT NULL, \`category_id\` int UNSIGNED NULL, \`appeal_type\` varchar(16) NULL, \`urgency\` varchar(16) NULL, \`accept_clock\` json NULL, \`first_contact_clock\` json NULL, \`resolution_clock\` json NULL, \`callback_clock\` json NULL, \`version\` int UNSIGNED NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`valid_from\` datetime(3) NOT NULL, \`created_by\` int UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_sla_policies_active\` (\`active\`), INDEX \`IDX_sla_policies_policy\` (\`policy_id\`, \`version\`), UNIQUE INDEX \`UQ_sla_policies_version\` (\`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sla_assignments\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`ticket_id\` bigint UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`policy_version\` int UNSIGNED NOT NULL, \`clocks\` json NOT NULL, \`dispatched_at\` datetime(3) NOT NULL, \`accept_started_at\` datetime(3) NOT NULL, \`accept_due_at\` datetime(3) NOT NULL, \`accepted_at\` datetime(3) NULL, \`first_contact_due_at\` datetime(3) NOT NULL, \`first_contact_at\` datetime(3) NULL, \`resolution_started_at\` datetime(3) NOT NULL, \`resolution_due_at\` datetime(3) NOT NULL, \`replied_at\` datetime(3) NULL, \`first_replied_at\` datetime(3) NULL, \`callback_started_at\` datetime(3) NULL, \`callback_due_at\` datetime(3) NULL, \`extension_days\` smallint UNSIGNED NOT NULL DEFAULT '0', \`pending_extension_days\` smallint UNSIGNED NULL, \`suspended_at\` datetime(3) NULL, \`callbacks\` smallint UNSIGNED NOT NULL DEFAULT '0', \`callbacks_solved\` smallint UNSIGNED NOT NULL DEFAULT '0', \`callbacks_satisfied\` smallint UNSIGNED NOT NULL DEFAULT '0', \`reopens\` smallint UNSIGNED NOT NULL DEFAULT '0', \`returned\` tinyint NOT NULL DEFAULT 0, \`ended_at\` datetime(3) NULL, \`calendar_fallback\` tinyint NOT NULL DEFAULT 0, \`next_deadline_at\` datetime(3) NULL, \`next_warning_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_sla_assignments_watch\` (\`ended_at\`, \`next_warning_at\`, \`unit_id\`, \`next_deadline_at\`), INDEX \`IDX_sla_assignments_period\` (\`dispatched_at\`, \`unit_id\`, \`returned\`, \`accept_started_at\`, \`accept_due_at\`, \`accepted_at\`, \`first_contact_due_at\`, \`first_contact_at\`, \`resolution_due_at\`, \`replied_at\`, \`first_replied_at\`, \`suspended_at\`, \`callbacks\`, \`callbacks_solved\`, \`callbacks_satisfied\`, \`reopens\`), INDEX \`IDX_sla_assignments_ticket\` (\`ticket_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sla_alerts\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`ticket_id\` bigint UNSIGNED NOT NULL, \`clock\` varchar(16) NOT NULL, \`kind\` varchar(8) NOT NULL, \`due_at\` datetime(3) NOT NULL, \`event_id\` bigint UNSIGNED NULL, \`urged_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_sla_alerts_key\` (\`ticket_id\`, \`clock\`, \`kind\`, \`due_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`UQ_sla_alerts_key\` ON \`sla_alerts\``);
    await queryRunner.query(`DROP TABLE \`sla_alerts\``);
    await queryRunner.query(`DROP INDEX \`IDX_sla_assignments_ticket\` ON \`sla_assignments\``);
    await queryRunner.query(`DROP INDEX \`IDX_sla_assignments_period\` ON \`sla_assignments\``);
    await queryRunner.query(`DROP INDEX \`IDX_sla_assignments_watch\` ON \`sla_assignments\``);
    await queryRunner.query(`DROP TABLE \`sla_assignments\``);
    await queryRunner.query(`DROP INDEX \`UQ_sla_policies_version\` ON \`sla_policies\``);
    await queryRunner.query(`DROP INDEX \`IDX_sla_policies_policy\` ON \`sla_policies\``);
    await queryRunner.query(`DROP INDEX \`IDX_sla_policies_active\` ON \`sla_policies\``);
    await queryRunner.query(`DROP TABLE \`sla_policies\``);
    await queryRunner.query(`DROP INDEX \`UQ_calendar_overrides_date\` ON \`calendar_overrides\``);
    await queryRunner.query(`DROP TABLE \`calendar_overrides\``);
  }
}

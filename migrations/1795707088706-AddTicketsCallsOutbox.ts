import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTicketsCallsOutbox1795707088706 implements MigrationInterface {
  name = 'AddTicketsCallsOutbox1795707088706';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`calls\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`cti_call_id\` varchar(64) NOT NULL, \`source_line\` varchar(8) NOT NULL, \`caller_phone\` varchar(32) NOT NULL, \`agent_user_id\` int UNSIGNED NULL, \`agent_extension\` varchar(16) NULL, \`ring_at\` datetime(3) NOT NULL, \`answer_at\` datetime(3) NULL, \`end_at\` datetime(3) NULL, \`recording_url\` varchar(500) NULL, \`ticket_id\` bigint UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_calls_agent\` (\`agent_user_id\`, \`ring_at\`), INDEX \`IDX_calls_ticket\` (\`ticket_id\`), INDEX \`IDX_calls_caller_phone\` (\`caller_phone\`, \`ring_at\`), UNIQUE INDEX \`UQ_calls_cti_call_id\` (\`cti_call_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`outbox\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`topic\` varchar(48) NOT NULL, \`ticket_id\` bigint UNSIGNED NULL, \`event_id\` bigint UNSIGNED NULL, \`payload\` json NOT NULL, \`attempts\` int UNSIGNED NOT NULL DEFAULT '0', \`sent_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_outbox_pending\` (\`sent_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`ticket_events\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`ticket_id\` bigint UNSIGNED NOT NULL, \`action\` varchar(32) NOT NULL, \`actor_user_id\` int UNSIGNED NULL, \`actor_unit_id\` int UNSIGNED NULL, \`from_status\` varchar(24) NULL, \`to_status\` varchar(24) NULL, \`reason\` varchar(500) NULL, \`payload\` json NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_ticket_events_ticket\` (\`ticket_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`ticket_number_sequences\` (\`day\` char(8) NOT NULL, \`last_value\` int UNSIGNED NOT NULL, PRIMARY KEY (\`day\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`tickets\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`number\` varchar(20) NOT NULL, \`channel\` varchar(16) NOT NULL, \`source_line\` varchar(8) NOT NULL, \`caller_name\` varchar(64) NULL, \`caller_phone\` varchar(32) NULL, \`caller_confidential\` tinyint NOT NULL DEFAULT 0, \`title\` varchar(200) NULL, \`description\` text NOT NULL, \`address\` varchar(255) NULL, \`area_id\` int UNSIGNED NULL, \`category_id\` int UNSIGNED NULL, \`appeal_type\` varchar(16) NULL, \`urgency\` varchar(16) NOT NULL DEFAULT 'normal', \`status\` varchar(24) NOT NULL, \`pending_request\` varchar(16) NULL, \`primary_unit_id\` int UNSIGNED NULL, \`master_ticket_id\` bigint UNSIGNED NULL, \`hand_over_to\` varchar(4) NULL, \`classification\` json NULL, \`created_by\` int UNSIGNED NULL, \`dispatched_at\` datetime(3) NULL, \`accepted_at\` datetime(3) NULL, \`first_contact_at\` datetime(3) NULL, \`replied_at\` datetime(3) NULL, \`closed_at\` datetime(3) NULL, \`accept_due_at\` datetime(3) NULL, \`first_contact_due_at\` datetime(3) NULL, \`resolution_due_at\` datetime(3) NULL, \`callback_due_at\` datetime(3) NULL, \`next_deadline_at\` datetime(3) NULL, \`sla_policy_version\` int UNSIGNED NULL, \`version\` int UNSIGNED NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_tickets_master\` (\`master_ticket_id\`), INDEX \`IDX_tickets_next_deadline\` (\`next_deadline_at\`), INDEX \`IDX_tickets_created\` (\`created_at\`), INDEX \`IDX_tickets_caller_phone\` (\`caller_phone\`, \`created_at\`), INDEX \`IDX_tickets_category\` (\`category_id\`), INDEX \`IDX_tickets_area\` (\`area_id\`), INDEX \`IDX_tickets_primary_unit\` (\`primary_unit_id\`, \`status\`), INDEX \`IDX_tickets_status\` (\`status\`, \`id\`), UNIQUE INDEX \`UQ_tickets_number\` (\`number\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`ticket_units\` (\`ticket_id\` bigint UNSIGNED NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`unit_path\` varchar(255) NOT NULL, \`role\` varchar(16) NOT NULL, \`part\` text NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_ticket_units_path\` (\`unit_path\`), INDEX \`IDX_ticket_units_unit\` (\`unit_id\`, \`ticket_id\`), PRIMARY KEY (\`ticket_id\`, \`unit_id\`)) ENGINE=InnoDB`,
    );
    // ticket_events is append-only: nobody edits or deletes the audit trail, whatever the caller
    await queryRunner.query(
      `CREATE TRIGGER \`ticket_events_no_update\` BEFORE UPDATE ON \`ticket_events\` FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ticket_events is append-only'`,
    );
    await queryRunner.query(
      `CREATE TRIGGER \`ticket_events_no_delete\` BEFORE DELETE ON \`ticket_events\` FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ticket_events is append-only'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS `ticket_events_no_delete`');
    await queryRunner.query('DROP TRIGGER IF EXISTS `ticket_events_no_update`');
    await queryRunner.query(`DROP INDEX \`IDX_ticket_units_unit\` ON \`ticket_units\``);
    await queryRunner.query(`DROP INDEX \`IDX_ticket_units_path\` ON \`ticket_units\``);
    await queryRunner.query(`DROP TABLE \`ticket_units\``);
    await queryRunner.query(`DROP INDEX \`UQ_tickets_number\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_status\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_primary_unit\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_area\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_category\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_caller_phone\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_created\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_next_deadline\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_master\` ON \`tickets\``);
    await queryRunner.query(`DROP TABLE \`tickets\``);
    await queryRunner.query(`DROP TABLE \`ticket_number_sequences\``);
    await queryRunner.query(`DROP INDEX \`IDX_ticket_events_ticket\` ON \`ticket_events\``);
    await queryRunner.query(`DROP TABLE \`ticket_events\``);
    await queryRunner.query(`DROP INDEX \`IDX_outbox_pending\` ON \`outbox\``);
    await queryRunner.query(`DROP TABLE \`outbox\``);
    await queryRunner.query(`DROP INDEX \`UQ_calls_cti_call_id\` ON \`calls\``);
    await queryRunner.query(`DROP INDEX \`IDX_calls_caller_phone\` ON \`calls\``);
    await queryRunner.query(`DROP INDEX \`IDX_calls_ticket\` ON \`calls\``);
    await queryRunner.query(`DROP INDEX \`IDX_calls_agent\` ON \`calls\``);
    await queryRunner.query(`DROP TABLE \`calls\``);
  }
}

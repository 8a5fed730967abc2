import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSlaRollup1795710618071 implements MigrationInterface {
  name = 'AddSlaRollup1795710618071';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_sla_assignments_period\` ON \`sla_assignments\``);
    await queryRunner.query(
      `CREATE TABLE \`sla_unit_days\` (\`day\` date NOT NULL, \`unit_id\` int UNSIGNED NOT NULL, \`dispatched\` int NOT NULL DEFAULT '0', \`returned\` int NOT NULL DEFAULT '0', \`accepted\` int NOT NULL DEFAULT '0', \`accept_on_time\` int NOT NULL DEFAULT '0', \`contact_settled\` int NOT NULL DEFAULT '0', \`contact_on_time\` int NOT NULL DEFAULT '0', \`replied\` int NOT NULL DEFAULT '0', \`resolution_on_time\` int NOT NULL DEFAULT '0', \`callbacks\` int NOT NULL DEFAULT '0', \`solved\` int NOT NULL DEFAULT '0', \`satisfied\` int NOT NULL DEFAULT '0', \`reopens\` int NOT NULL DEFAULT '0', \`first_replied\` int NOT NULL DEFAULT '0', \`accept_seconds\` bigint NOT NULL DEFAULT '0', \`reply_seconds\` bigint NOT NULL DEFAULT '0', PRIMARY KEY (\`day\`, \`unit_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE INDEX \`IDX_sla_assignments_open\` ON \`sla_assignments\` (\`ended_at\`, \`dispatched_at\`, \`unit_id\`, \`accepted_at\`, \`accept_due_at\`, \`first_contact_at\`, \`first_replied_at\`, \`first_contact_due_at\`, \`replied_at\`, \`suspended_at\`, \`resolution_due_at\`)`,
    );
    await queryRunner.query(
      `CREATE INDEX \`IDX_sla_assignments_unit\` ON \`sla_assignments\` (\`unit_id\`, \`dispatched_at\`)`,
    );
    // the records dispatched before this migration: their settled outcomes, as sla-rollup.ts counts them
    await queryRunner.query(
      `INSERT INTO \`sla_unit_days\` (day, unit_id, dispatched, returned, accepted, accept_on_time, contact_settled,
         contact_on_time, replied, resolution_on_time, callbacks, solved, satisfied, reopens, first_replied,
         accept_seconds, reply_seconds)
       SELECT DATE(a.dispatched_at + INTERVAL 8 HOUR), a.unit_id, COUNT(*), SUM(a.returned),
         SUM(a.returned = 0 AND a.accepted_at IS NOT NULL),
         SUM(a.returned = 0 AND a.accepted_at IS NOT NULL AND a.accepted_at <= a.accept_due_at),
         SUM(a.returned = 0 AND (a.first_contact_at IS NOT NULL OR a.first_replied_at IS NOT NULL)),
         SUM(a.returned = 0 AND a.first_contact_at IS NOT NULL AND a.first_contact_at <= a.first_contact_due_at),
         SUM(a.returned = 0 AND a.replied_at IS NOT NULL),
         SUM(a.returned = 0 AND a.replied_at IS NOT NULL AND a.replied_at <= a.resolution_due_at),
         SUM(IF(a.returned = 0, a.callbacks, 0)), SUM(IF(a.returned = 0, a.callbacks_solved, 0)),
         SUM(IF(a.returned = 0, a.callbacks_satisfied, 0)), SUM(IF(a.returned = 0, a.reopens, 0)),
         SUM(a.returned = 0 AND a.first_replied_at IS NOT NULL),
         COALESCE(SUM(IF(a.returned = 0, TIMESTAMPDIFF(SECOND, a.accept_started_at, a.accepted_at), 0)), 0),
         COALESCE(SUM(IF(a.returned = 0, TIMESTAMPDIFF(SECOND, a.dispatched_at, a.first_replied_at), 0)), 0)
       FROM \`sla_assignments\` a GROUP BY DATE(a.dispatched_at + INTERVAL 8 HOUR), a.unit_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_sla_assignments_unit\` ON \`sla_assignments\``);
    await queryRunner.query(`DROP INDEX \`IDX_sla_assignments_open\` ON \`sla_assignments\``);
    await queryRunner.query(`DROP TABLE \`sla_unit_days\``);
    await queryRunner.query(
      `CREATE INDEX \`IDX_sla_assignments_period\` ON \`sla_assignments\` (\`dispatched_at\`, \`unit_id\`, \`returned\`, \`accept_started_at\`, \`accept_due_at\`, \`accepted_at\`, \`first_contact_due_at\`, \`first_contact_at\`, \`resolution_due_at\`, \`replied_at\`, \`first_replied_at\`, \`suspended_at\`, \`callbacks\`, \`callbacks_solved\`, \`callbacks_satisfied\`, \`reopens\`)`,
    );
  }
}

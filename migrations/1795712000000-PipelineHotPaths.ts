import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pipeline's hot rows and lookups under load:
 * - sla_unit_days keeps each (day, unit) total as slots (sla-rollup.ts), so a busy unit's dispatches
 *   do not queue on one row lock; the existing totals become slot 0;
 * - the same-place duplicate probe reads (area, category, created_at) in one index range (the index
 *   replaces the area-only one, which it starts with).
 */
export class PipelineHotPaths1795712000000 implements MigrationInterface {
  name = 'PipelineHotPaths1795712000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`sla_unit_days\` ADD \`slot\` tinyint UNSIGNED NOT NULL DEFAULT '0', DROP PRIMARY KEY, ADD PRIMARY KEY (\`day\`, \`unit_id\`, \`slot\`)`,
    );
    await queryRunner.query(
      `CREATE INDEX \`IDX_tickets_area_category_created\` ON \`tickets\` (\`area_id\`, \`category_id\`, \`created_at\`)`,
    );
    // its leading column serves whatever the area-only index served
    await queryRunner.query(`DROP INDEX \`IDX_tickets_area\` ON \`tickets\``);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX \`IDX_tickets_area\` ON \`tickets\` (\`area_id\`)`);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_area_category_created\` ON \`tickets\``);
    // fold the slots back into one row per (day, unit) before the key loses its third column
    await queryRunner.query(
      `CREATE TEMPORARY TABLE \`sla_unit_days_folded\` AS SELECT day, unit_id, SUM(dispatched) AS dispatched, SUM(returned) AS returned,
         SUM(accepted) AS accepted, SUM(accept_on_time) AS accept_on_time, SUM(contact_settled) AS contact_settled,
         SUM(contact_on_time) AS contact_on_time, SUM(replied) AS replied, SUM(resolution_on_time) AS resolution_on_time,
         SUM(callbacks) AS callbacks, SUM(solved) AS solved, SUM(satisfied) AS satisfied, SUM(reopens) AS reopens,
         SUM(first_replied) AS first_replied, SUM(accept_seconds) AS accept_seconds, SUM(reply_seconds) AS reply_seconds
       FROM \`sla_unit_days\` GROUP BY day, unit_id`,
    );
    await queryRunner.query(`DELETE FROM \`sla_unit_days\``);
    await queryRunner.query(
      `ALTER TABLE \`sla_unit_days\` DROP PRIMARY KEY, DROP COLUMN \`slot\`, ADD PRIMARY KEY (\`day\`, \`unit_id\`)`,
    );
    await queryRunner.query(
      `INSERT INTO \`sla_unit_days\` (day, unit_id, dispatched, returned, accepted, accept_on_time, contact_settled,
         contact_on_time, replied, resolution_on_time, callbacks, solved, satisfied, reopens, first_replied,
         accept_seconds, reply_seconds)
       SELECT day, unit_id, dispatched, returned, accepted, accept_on_time, contact_settled, contact_on_time, replied,
         resolution_on_time, callbacks, solved, satisfied, reopens, first_replied, accept_seconds, reply_seconds
       FROM \`sla_unit_days_folded\``,
    );
    await queryRunner.query(`DROP TEMPORARY TABLE \`sla_unit_days_folded\``);
  }
}

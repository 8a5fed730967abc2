import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket list reads its pages newest first along an index in id order (ticket-queries.service.ts):
 * - "waiting for a decision" (pending_request) is a few hundred tickets among millions;
 * - "my tickets" (created_by) is an agent's share, however small;
 * - overdue tickets are read per open status from (status, next_deadline_at), which holds their ids:
 *   no row is read for a deadline that is not due.
 */
export class TicketListIndexes1795713000000 implements MigrationInterface {
  name = 'TicketListIndexes1795713000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX \`IDX_tickets_pending_request\` ON \`tickets\` (\`pending_request\`, \`id\`)`,
    );
    await queryRunner.query(`CREATE INDEX \`IDX_tickets_created_by\` ON \`tickets\` (\`created_by\`, \`id\`)`);
    await queryRunner.query(
      `CREATE INDEX \`IDX_tickets_status_deadline\` ON \`tickets\` (\`status\`, \`next_deadline_at\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_tickets_status_deadline\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_created_by\` ON \`tickets\``);
    await queryRunner.query(`DROP INDEX \`IDX_tickets_pending_request\` ON \`tickets\``);
  }
}

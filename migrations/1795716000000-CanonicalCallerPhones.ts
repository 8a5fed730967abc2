import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets store the caller's number without the dashes an agent typed (`0871-1234567` became
 * `08711234567`), as the CTI sends it, so that the duplicate probe and the search by number find
 * a caller's tickets however each was typed. This rewrites the numbers stored before; spaces were
 * never accepted. The grouping typed is not kept, so down() has nothing to restore.
 */
export class CanonicalCallerPhones1795716000000 implements MigrationInterface {
  name = 'CanonicalCallerPhones1795716000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE \`tickets\` SET \`caller_phone\` = REPLACE(\`caller_phone\`, '-', '') WHERE \`caller_phone\` LIKE '%-%'`,
    );
  }

  public async down(): Promise<void> {
    // The numbers' dashes are not kept: nothing to undo.
  }
}

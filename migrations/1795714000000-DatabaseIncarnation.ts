import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A random token made once per database. Queue job ids carry it, so that a database dropped and
 * created again on the same Redis prefix does not find its new tickets' job ids already taken by the
 * old database's finished jobs (which BullMQ keeps, and adding a taken id is a no-op).
 */
export class DatabaseIncarnation1795714000000 implements MigrationInterface {
  name = 'DatabaseIncarnation1795714000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`database_incarnation\` (\`id\` tinyint unsigned NOT NULL, \`token\` char(12) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `INSERT INTO \`database_incarnation\` (\`id\`, \`token\`) VALUES (1, LEFT(SHA2(CONCAT(UUID(), RAND()), 256), 12))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`database_incarnation\``);
  }
}

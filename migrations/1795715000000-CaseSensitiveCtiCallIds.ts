import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CTI systems tell calls apart by their ids as written: `AB-1` and `ab-1` are two calls. The column
 * compared them without case (the table's collation), so the second call was taken for the first.
 */
export class CaseSensitiveCtiCallIds1795715000000 implements MigrationInterface {
  name = 'CaseSensitiveCtiCallIds1795715000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`calls\` MODIFY \`cti_call_id\` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`calls\` MODIFY \`cti_call_id\` varchar(64) NOT NULL`);
  }
}

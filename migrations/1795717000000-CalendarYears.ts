import { MigrationInterface, QueryRunner } from 'typeorm';

/** A year's State Council holiday notice, entered by an admin where chinese-days lacks the year. */
export class CalendarYears1795717000000 implements MigrationInterface {
  name = 'CalendarYears1795717000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`calendar_years\` (\`year\` smallint UNSIGNED NOT NULL, \`holidays\` json NOT NULL, \`make_up_workdays\` json NOT NULL, \`source\` varchar(200) NOT NULL, \`created_by\` int UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`year\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`calendar_years\``);
  }
}

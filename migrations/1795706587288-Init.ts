import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795706587288 implements MigrationInterface {
  name = 'Init1795706587288';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`audit_log\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`actor_user_id\` int UNSIGNED NULL, \`action\` varchar(32) NOT NULL, \`entity_type\` varchar(32) NOT NULL, \`entity_id\` varchar(64) NOT NULL, \`before\` json NULL, \`after\` json NULL, \`request_id\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_audit_log_created\` (\`created_at\`), INDEX \`IDX_audit_log_entity\` (\`entity_type\`, \`entity_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`areas\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`code\` varchar(32) NOT NULL, \`parent_id\` int UNSIGNED NULL, \`level\` varchar(16) NOT NULL, \`name\` varchar(100) NOT NULL, \`aliases\` json NOT NULL, \`path\` varchar(255) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_areas_path\` (\`path\`), INDEX \`IDX_areas_parent\` (\`parent_id\`), UNIQUE INDEX \`UQ_areas_code\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`units\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NOT NULL, \`name\` varchar(100) NOT NULL, \`kind\` varchar(16) NOT NULL, \`parent_id\` int UNSIGNED NULL, \`area_id\` int UNSIGNED NULL, \`path\` varchar(255) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_units_path\` (\`path\`), INDEX \`IDX_units_area\` (\`area_id\`), INDEX \`IDX_units_parent\` (\`parent_id\`), UNIQUE INDEX \`UQ_units_code\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`username\` varchar(64) NOT NULL, \`display_name\` varchar(64) NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`roles\` varchar(100) NOT NULL, \`unit_id\` int UNSIGNED NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`failed_logins\` int UNSIGNED NOT NULL DEFAULT '0', \`locked_until\` datetime(3) NULL, \`last_login_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_users_unit\` (\`unit_id\`), UNIQUE INDEX \`UQ_users_username\` (\`username\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`UQ_users_username\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`IDX_users_unit\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
    await queryRunner.query(`DROP INDEX \`UQ_units_code\` ON \`units\``);
    await queryRunner.query(`DROP INDEX \`IDX_units_parent\` ON \`units\``);
    await queryRunner.query(`DROP INDEX \`IDX_units_area\` ON \`units\``);
    await queryRunner.query(`DROP INDEX \`IDX_units_path\` ON \`units\``);
    await queryRunner.query(`DROP TABLE \`units\``);
    await queryRunner.query(`DROP INDEX \`UQ_areas_code\` ON \`areas\``);
    await queryRunner.query(`DROP INDEX \`IDX_areas_parent\` ON \`areas\``);
    await queryRunner.query(`DROP INDEX \`IDX_areas_path\` ON \`areas\``);
    await queryRunner.query(`DROP TABLE \`areas\``);
    await queryRunner.query(`DROP INDEX \`IDX_audit_log_entity\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`IDX_audit_log_created\` ON \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`audit_log\``);
  }
}

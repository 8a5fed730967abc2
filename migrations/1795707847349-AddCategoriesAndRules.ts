import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCategoriesAndRules1795707847349 implements MigrationInterface {
  name = 'AddCategoriesAndRules1795707847349';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`categories\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NOT NULL, \`parent_id\` int UNSIGNED NULL, \`name\` varchar(100) NOT NULL, \`path\` varchar(255) NOT NULL, \`depth\` tinyint UNSIGNED NOT NULL, \`territorial\` tinyint NOT NULL DEFAULT 0, \`default_unit_id\` int UNSIGNED NULL, \`keywords\` json NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_categories_path\` (\`path\`), INDEX \`IDX_categories_parent\` (\`parent_id\`), UNIQUE INDEX \`UQ_categories_code\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`responsibility_rules\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`category_id\` int UNSIGNED NOT NULL, \`area_id\` int UNSIGNED NULL, \`target_kind\` varchar(16) NOT NULL, \`target_unit_id\` int UNSIGNED NULL, \`target_level\` varchar(16) NULL, \`co_handler_unit_ids\` json NOT NULL, \`priority\` int NOT NULL, \`valid_from\` date NOT NULL, \`valid_to\` date NULL, \`source_document\` varchar(300) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`version\` int UNSIGNED NOT NULL DEFAULT '1', \`created_by\` int UNSIGNED NULL, \`updated_by\` int UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_responsibility_rules_target_unit\` (\`target_unit_id\`), INDEX \`IDX_responsibility_rules_area\` (\`area_id\`), INDEX \`IDX_responsibility_rules_category_area\` (\`category_id\`, \`area_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`responsibility_rule_versions\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`rule_id\` int UNSIGNED NOT NULL, \`version\` int UNSIGNED NOT NULL, \`snapshot\` json NOT NULL, \`change_kind\` varchar(16) NOT NULL, \`changed_by\` int UNSIGNED NULL, \`changed_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_responsibility_rule_versions_rule_version\` (\`rule_id\`, \`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX \`UQ_responsibility_rule_versions_rule_version\` ON \`responsibility_rule_versions\``,
    );
    await queryRunner.query(`DROP TABLE \`responsibility_rule_versions\``);
    await queryRunner.query(`DROP INDEX \`IDX_responsibility_rules_category_area\` ON \`responsibility_rules\``);
    await queryRunner.query(`DROP INDEX \`IDX_responsibility_rules_area\` ON \`responsibility_rules\``);
    await queryRunner.query(`DROP INDEX \`IDX_responsibility_rules_target_unit\` ON \`responsibility_rules\``);
    await queryRunner.query(`DROP TABLE \`responsibility_rules\``);
    await queryRunner.query(`DROP INDEX \`UQ_categories_code\` ON \`categories\``);
    await queryRunner.query(`DROP INDEX \`IDX_categories_parent\` ON \`categories\``);
    await queryRunner.query(`DROP INDEX \`IDX_categories_path\` ON \`categories\``);
    await queryRunner.query(`DROP TABLE \`categories\``);
  }
}

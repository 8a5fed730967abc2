import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddClassifierModels1795707871485 implements MigrationInterface {
  name = 'AddClassifierModels1795707871485';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`classifier_models\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`name\` varchar(100) NOT NULL, \`source\` varchar(200) NOT NULL, \`example_count\` int UNSIGNED NOT NULL, \`metrics\` json NULL, \`model_gzip\` longblob NOT NULL, \`size_bytes\` int UNSIGNED NOT NULL, \`active\` tinyint NOT NULL DEFAULT 0, \`created_by\` int UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_classifier_models_active\` (\`active\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_classifier_models_active\` ON \`classifier_models\``);
    await queryRunner.query(`DROP TABLE \`classifier_models\``);
  }
}

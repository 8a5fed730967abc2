import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ResponsibilityController } from './responsibility.controller';
import { ResponsibilityService } from './responsibility.service';
import { RuleTransferService } from './rule-transfer.service';
import { RulesAdminService } from './rules-admin.service';
import { RulesController } from './rules.controller';

@Module({
  imports: [CatalogModule],
  controllers: [ResponsibilityController, RulesController],
  providers: [ResponsibilityService, RulesAdminService, RuleTransferService],
  exports: [ResponsibilityService],
})
export class ResponsibilityModule {}

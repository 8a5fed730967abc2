import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { AreasController } from './areas.controller';
import { AreasService } from './areas.service';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [CatalogModule],
  controllers: [AreasController, UnitsController, UsersController],
  providers: [AreasService, UnitsService, UsersService],
  exports: [AreasService, UnitsService, UsersService],
})
export class OrgModule {}

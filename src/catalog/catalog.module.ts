import { Module } from '@nestjs/common';
import { CategoriesService } from './categories.service';
import { CategoriesAdminController, CategoryTreeController } from './categories.controller';
import { CategoryAdminService } from './category-admin.service';

@Module({
  controllers: [CategoriesAdminController, CategoryTreeController],
  providers: [CategoriesService, CategoryAdminService],
  exports: [CategoriesService],
})
export class CatalogModule {}

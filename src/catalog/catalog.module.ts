import { Module } from '@nestjs/common';
import { CacheInvalidationService } from './cache-invalidation.service';
import { CategoriesService } from './categories.service';
import { CategoriesAdminController, CategoryTreeController } from './categories.controller';
import { CategoryAdminService } from './category-admin.service';

@Module({
  controllers: [CategoriesAdminController, CategoryTreeController],
  providers: [CacheInvalidationService, CategoriesService, CategoryAdminService],
  exports: [CacheInvalidationService, CategoriesService],
})
export class CatalogModule {}

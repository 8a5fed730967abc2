import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ClassificationService } from './classification.service';

@Module({
  imports: [CatalogModule],
  providers: [ClassificationService],
  exports: [ClassificationService],
})
export class ClassificationModule {}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { Page, PageQueryDto } from '../common/pagination';
import { AuditLog } from './audit-log.entity';
import { AUDIT_ENTITY_TYPES, AuditEntityType, AuditService } from './audit.service';

class ListAuditQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: AuditEntityType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;
}

@ApiTags('admin: audit')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: ListAuditQuery): Promise<Page<AuditLog>> {
    return this.audit.list({ ...query, limit: query.limit ?? 50 });
  }
}

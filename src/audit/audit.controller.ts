import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { Page, PageQueryDto } from '../common/pagination';
import { AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';

class ListAuditQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['area', 'unit', 'user', 'category', 'rule', 'sla_policy'] })
  @IsOptional()
  @IsIn(['area', 'unit', 'user', 'category', 'rule', 'sla_policy'])
  entityType?: string;

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

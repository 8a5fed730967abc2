import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CreateSlaPolicyDto, ListSlaPoliciesQuery, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaPolicyEntity } from './sla-policy.entity';

@ApiTags('admin: SLA policies')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  /** The policies in force (one row each, its current version); `history=true` lists every version. */
  @Get()
  list(@Query() query: ListSlaPoliciesQuery): Promise<SlaPolicyEntity[]> {
    return this.policies.list(query.history ?? false);
  }

  /** Every version of one policy, newest first. */
  @Get(':policyId')
  get(@Param('policyId', ParseIntPipe) policyId: number): Promise<SlaPolicyEntity[]> {
    return this.policies.get(policyId);
  }

  @Post()
  create(
    @Body() dto: CreateSlaPolicyDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<SlaPolicyEntity> {
    return this.policies.create(dto, { userId: user.id, requestId });
  }

  /** A new version: the previous one is kept, retired; tickets keep the deadlines they were given. */
  @Patch(':policyId')
  update(
    @Param('policyId', ParseIntPipe) policyId: number,
    @Body() dto: UpdateSlaPolicyDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<SlaPolicyEntity> {
    return this.policies.update(policyId, dto, { userId: user.id, requestId });
  }
}

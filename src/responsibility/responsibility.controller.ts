import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ResolveQuery } from './dto/rule.dto';
import { ResolveResult, ResponsibilityService } from './responsibility.service';

@ApiTags('responsibility')
@ApiBearerAuth()
@Controller('responsibility')
export class ResponsibilityController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  /** Which unit the lists send a matter to, the rule that won, and every rule it beat with the reason. */
  @Roles('agent', 'dispatcher', 'supervisor', 'admin')
  @Get('resolve')
  resolve(@Query() query: ResolveQuery): Promise<ResolveResult> {
    return this.responsibility.resolve({
      categoryId: query.categoryId,
      areaId: query.areaId,
      at: query.at ? new Date(query.at) : undefined,
    });
  }
}

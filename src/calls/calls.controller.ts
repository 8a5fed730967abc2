import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/pagination';
import { Call } from './call.entity';
import { CallsService } from './calls.service';
import { ListCallsQuery } from './dto/list-calls.query';

@ApiTags('calls')
@ApiBearerAuth()
@Roles('agent', 'dispatcher', 'supervisor')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  /** Newest first; `mine=true` keeps the caller's own calls. */
  @Get()
  list(@Query() query: ListCallsQuery, @CurrentUser() user: AuthUser): Promise<Page<Call>> {
    return this.calls.list(query, user);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<Call> {
    return this.calls.findById(id);
  }
}

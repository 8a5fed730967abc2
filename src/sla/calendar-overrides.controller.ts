import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CalendarOverrideRow } from './calendar-override.entity';
import { CalendarOverridesService } from './calendar-overrides.service';
import {
  CreateCalendarOverrideDto,
  ListCalendarOverridesQuery,
  UpdateCalendarOverrideDto,
} from './dto/calendar-override.dto';

@ApiTags('admin: calendar')
@ApiBearerAuth()
@Controller('admin/calendar-overrides')
export class CalendarOverridesController {
  constructor(private readonly overrides: CalendarOverridesService) {}

  /** Everyone signed in may read them: the consoles show why a deadline skips a day. */
  @Get()
  list(@Query() query: ListCalendarOverridesQuery): Promise<CalendarOverrideRow[]> {
    return this.overrides.list(query.year);
  }

  @Roles('admin')
  @Post()
  create(
    @Body() dto: CreateCalendarOverrideDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<CalendarOverrideRow> {
    return this.overrides.create(dto, { userId: user.id, requestId });
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateCalendarOverrideDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<CalendarOverrideRow> {
    return this.overrides.update(id, dto, { userId: user.id, requestId });
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  remove(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.overrides.remove(id, { userId: user.id, requestId });
  }
}

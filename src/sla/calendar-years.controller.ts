import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { CalendarYearRow } from './calendar-year.entity';
import { CalendarYearsService } from './calendar-years.service';
import { PutCalendarYearDto } from './dto/calendar-year.dto';

@ApiTags('admin: calendar')
@ApiBearerAuth()
@Controller('admin/calendar-years')
export class CalendarYearsController {
  constructor(private readonly years: CalendarYearsService) {}

  /** Everyone signed in may read them, like the overrides. */
  @Get()
  list(): Promise<CalendarYearRow[]> {
    return this.years.list();
  }

  /**
   * Enters a year's State Council holiday notice (or replaces the one entered): the year's deadlines
   * are then computed on it instead of the wall-clock fallback (or instead of chinese-days' data).
   */
  @Roles('admin')
  @Put(':year')
  put(
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: PutCalendarYearDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<CalendarYearRow> {
    return this.years.put(year, dto, { userId: user.id, requestId });
  }

  @Roles('admin')
  @Delete(':year')
  @HttpCode(204)
  remove(
    @Param('year', ParseIntPipe) year: number,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.years.remove(year, { userId: user.id, requestId });
  }
}

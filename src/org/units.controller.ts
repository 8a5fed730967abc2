import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/pagination';
import { Unit } from './unit.entity';
import { UnitsService } from './units.service';
import { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dto/unit.dto';

@ApiTags('admin: units')
@ApiBearerAuth()
@Controller('admin/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /** Every signed-in role reads the unit list (dispatch, filters); only admins change it. */
  @Get()
  list(@Query() query: ListUnitsQuery): Promise<Page<Unit>> {
    return this.units.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<Unit> {
    return this.units.get(id);
  }

  @Roles('admin')
  @Post()
  create(
    @Body() dto: CreateUnitDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<Unit> {
    return this.units.create(dto, { userId: user.id, requestId });
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateUnitDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<Unit> {
    return this.units.update(id, dto, { userId: user.id, requestId });
  }
}

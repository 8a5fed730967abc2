import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/pagination';
import { Area } from './area.entity';
import { AreasService } from './areas.service';
import { CreateAreaDto, ListAreasQuery, UpdateAreaDto } from './dto/area.dto';

@ApiTags('admin: areas')
@ApiBearerAuth()
@Controller('admin/areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  /** Every signed-in role reads the area tree (ticket forms, filters); only admins change it. */
  @Get()
  list(@Query() query: ListAreasQuery): Promise<Page<Area>> {
    return this.areas.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<Area> {
    return this.areas.get(id);
  }

  @Roles('admin')
  @Post()
  create(
    @Body() dto: CreateAreaDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<Area> {
    return this.areas.create(dto, { userId: user.id, requestId });
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateAreaDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<Area> {
    return this.areas.update(id, dto, { userId: user.id, requestId });
  }
}

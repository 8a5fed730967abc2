import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import type { Page } from '../common/pagination';
import { CategoriesService } from './categories.service';
import { Category } from './category.entity';
import { CategoryAdminService } from './category-admin.service';
import type { CategoryTreeJson } from './category-tree';
import { CreateCategoryDto, ListCategoriesQuery, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('admin: categories')
@ApiBearerAuth()
@Controller('admin/categories')
export class CategoriesAdminController {
  constructor(private readonly admin: CategoryAdminService) {}

  /** Every signed-in role reads the categories (ticket forms, filters); only admins change them. */
  @Get()
  list(@Query() query: ListCategoriesQuery): Promise<Page<Category>> {
    return this.admin.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<Category> {
    return this.admin.get(id);
  }

  @Roles('admin')
  @Post()
  create(
    @Body() dto: CreateCategoryDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<Category> {
    return this.admin.create(dto, { userId: user.id, requestId });
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateCategoryDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<Category> {
    return this.admin.update(id, dto, { userId: user.id, requestId });
  }
}

@ApiTags('categories')
@ApiBearerAuth()
@Controller('categories')
export class CategoryTreeController {
  constructor(private readonly categories: CategoriesService) {}

  /** The whole tree, nested, for the consoles' category pickers. */
  @Get('tree')
  tree(): Promise<CategoryTreeJson[]> {
    return this.categories.listTree();
  }
}

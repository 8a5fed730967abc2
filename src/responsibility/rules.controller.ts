import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, RequestId, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import type { Page } from '../common/pagination';
import { CreateRuleDto, ImportRulesBody, ImportRulesQuery, ListRulesQuery, UpdateRuleDto } from './dto/rule.dto';
import { ResponsibilityRule } from './responsibility-rule.entity';
import type { ImportReport } from './rule-import';
import { RuleTransferService } from './rule-transfer.service';
import { RuleDetail, RulesAdminService } from './rules-admin.service';
import { readCsvBody } from './csv-body';

@ApiTags('admin: responsibility rules')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/responsibility-rules')
export class RulesController {
  constructor(
    private readonly rules: RulesAdminService,
    private readonly transfer: RuleTransferService,
  ) {}

  @Get()
  list(@Query() query: ListRulesQuery): Promise<Page<ResponsibilityRule>> {
    return this.rules.list(query);
  }

  // before ':id', which would otherwise take "export" for an id
  @Get('export')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="responsibility-rules.csv"')
  async export(): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.transfer.export(), 'utf8'));
  }

  /** Body: text/csv, or JSON `{ csv }`. Without commit=true it is a dry run that writes nothing. */
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ type: ImportRulesBody })
  async import(
    @Query() query: ImportRulesQuery,
    @Req() request: Request,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<ImportReport> {
    const csv = await readCsvBody(request);
    if (csv === null)
      throw DomainError.invalidInput('RULE_IMPORT_BODY', 'Send the CSV as text/csv or as JSON { "csv": "..." }');
    return this.transfer.import(csv, query.commit === 'true', { userId: user.id, requestId });
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<RuleDetail> {
    return this.rules.get(id);
  }

  @Post()
  create(
    @Body() dto: CreateRuleDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<ResponsibilityRule> {
    return this.rules.create(dto, { userId: user.id, requestId });
  }

  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateRuleDto,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<ResponsibilityRule> {
    return this.rules.update(id, dto, { userId: user.id, requestId });
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: AuthUser,
    @RequestId() requestId: string | null,
  ): Promise<ResponsibilityRule> {
    return this.rules.deactivate(id, { userId: user.id, requestId });
  }
}

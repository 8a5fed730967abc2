import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import type { Page } from '../common/pagination';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { LinkCallDto, TicketActionDto } from './dto/ticket-action.dto';
import { isTicketAction, TICKET_ACTIONS } from './ticket-state-machine';
import type { TicketView } from './ticket-view';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketDetail, TicketsService } from './tickets.service';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueriesService,
  ) {}

  @Roles('agent')
  @Post()
  create(@Body() dto: CreateTicketDto, @CurrentUser() user: AuthUser): Promise<TicketDetail> {
    return this.tickets.create(dto, user);
  }

  @Get()
  list(@Query() query: ListTicketsQuery, @CurrentUser() user: AuthUser): Promise<Page<TicketView>> {
    return this.queries.list(query, user);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser): Promise<TicketDetail> {
    return this.tickets.detail(id, user);
  }

  /** A later call about the same matter (the citizen calling again, i.e. urging). */
  @Roles('agent')
  @Post(':id/calls')
  @HttpCode(200)
  linkCall(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: LinkCallDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TicketDetail> {
    return this.tickets.linkCall(id, body.callId, user);
  }

  @ApiParam({ name: 'action', enum: TICKET_ACTIONS })
  @Post(':id/actions/:action')
  @HttpCode(200)
  act(
    @Param('id', ParseIntPipe) id: number,
    @Param('action') action: string,
    @Body() dto: TicketActionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TicketDetail> {
    if (!isTicketAction(action))
      throw DomainError.invalidInput('UNKNOWN_ACTION', `There is no ticket action "${action}"`);
    return this.tickets.act(id, action, dto, user);
  }
}

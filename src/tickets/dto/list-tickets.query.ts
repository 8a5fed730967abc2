import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { TICKET_STATUSES, TicketStatus } from '../ticket-state-machine';
import { URGENCIES, Urgency } from '../ticket.entity';
import { IsTypedPhone } from '../../common/caller-phone';

const splitList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;

export class ListTicketsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'One or more statuses, comma-separated', example: 'assigned,accepted' })
  @IsOptional()
  @Transform(splitList)
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ description: 'Tickets with this unit (primary or co-handling)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: 'Tickets in this area or below it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  areaId?: number;

  @ApiPropertyOptional({ description: 'Tickets of this category or below it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: 'Only open tickets past a deadline' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Created at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({ description: 'Only tickets that the caller created (我的工单)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({
    enum: ['return', 'extension', 'suspension'],
    description: 'Tickets waiting for this decision',
  })
  @IsOptional()
  @IsIn(['return', 'extension', 'suspension'])
  pendingRequest?: 'return' | 'extension' | 'suspension';

  @ApiPropertyOptional({ example: '20261126-000042' })
  @IsOptional()
  @Matches(/^\d{8}-\d{1,6}$/)
  number?: string;

  @ApiPropertyOptional({
    example: '13812345678',
    description: "The caller's number, spaces and dashes ignored (the centre only: a unit never searches by number)",
  })
  @IsOptional()
  @IsString()
  @IsTypedPhone()
  callerPhone?: string;

  @ApiPropertyOptional({ description: 'Text in the title or description' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

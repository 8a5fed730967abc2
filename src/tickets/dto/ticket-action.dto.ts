import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { HAND_OVER_LINES, HandOverLine } from '../ticket.entity';

export const DECISIONS = ['approve', 'reject', 'send_back'] as const;
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

/**
 * The body of every `POST /api/tickets/:id/actions/:action`. Which fields an action needs is the
 * service's rule (a missing one is 400 FIELD_REQUIRED); the shapes are checked here.
 */
export class TicketActionDto {
  @ApiProperty({ description: 'The version of the ticket the caller saw (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    maxLength: 4000,
    description: 'Reply text, contact record, answer on call, co-handler part, note',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  content?: string;

  @ApiPropertyOptional({ enum: DECISIONS })
  @IsOptional()
  @IsIn(DECISIONS)
  decision?: (typeof DECISIONS)[number];

  @ApiPropertyOptional({ description: 'dispatch: the primary unit; forward: the unit below' })
  @IsOptional()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  coHandlerUnitIds?: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  masterTicketId?: number;

  @ApiPropertyOptional({ enum: HAND_OVER_LINES })
  @IsOptional()
  @IsIn(HAND_OVER_LINES)
  handOverTo?: HandOverLine;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, description: 'request-extension: working days asked for' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  extensionDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 90, description: 'request-suspension: calendar days asked for' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  suspensionDays?: number;

  @ApiPropertyOptional({ description: 'callback: was the matter solved?' })
  @IsOptional()
  @IsBoolean()
  solved?: boolean;

  @ApiPropertyOptional({ enum: SATISFACTIONS })
  @IsOptional()
  @IsIn(SATISFACTIONS)
  satisfaction?: (typeof SATISFACTIONS)[number];
}

export class LinkCallDto {
  @ApiProperty({ description: 'Our id of the call to link' })
  @IsInt()
  @Min(1)
  callId!: number;
}

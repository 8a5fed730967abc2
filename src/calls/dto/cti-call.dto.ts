import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { CALLER_PHONE_PATTERN } from '../../common/caller-phone';
import { SOURCE_LINES, type SourceLine } from '../../tickets/ticket.entity';

export const CALL_EVENTS = ['ringing', 'answered', 'ended'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

/** An ISO 8601 date-time with its offset: a local time without one would be an hour-guess, not an instant. */
export const IsInstant = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i, {
      message: '$property must be an ISO 8601 date-time with a time zone, e.g. 2026-11-26T08:30:00Z',
    }),
    IsISO8601({ strict: true }),
  );

/** One delivery of the telephony (CTI) webhook: the state of one call as the CTI knows it now. */
export class CtiCallDto {
  @ApiProperty({ description: "The CTI system's id of the call", example: 'cti-20261126-000123' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'callId must be 1-64 letters, digits, _ . : or -' })
  callId!: string;

  @ApiProperty({ enum: SOURCE_LINES, description: 'The number the caller dialled' })
  @IsIn(SOURCE_LINES)
  sourceLine!: SourceLine;

  @ApiProperty({ example: '13812345678' })
  @IsString()
  @Matches(CALLER_PHONE_PATTERN, { message: 'callerPhone must be 3-20 digits with an optional leading +' })
  callerPhone!: string;

  @ApiPropertyOptional({ description: 'Username of the agent answering; an unknown one is kept only as the extension' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  agentUsername?: string;

  @ApiPropertyOptional({ example: '8001' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9*#_.-]{1,16}$/, { message: 'agentExtension must be 1-16 letters, digits, * # _ . or -' })
  agentExtension?: string;

  @ApiProperty({ enum: CALL_EVENTS })
  @IsIn(CALL_EVENTS)
  event!: CallEvent;

  @ApiProperty({ example: '2026-11-26T01:02:03.000Z' })
  @IsInstant()
  ringAt!: string;

  @ApiPropertyOptional({ description: 'Not before ringAt' })
  @IsOptional()
  @IsInstant()
  answerAt?: string;

  @ApiPropertyOptional({ description: 'Not before answerAt (or ringAt when unanswered)' })
  @IsOptional()
  @IsInstant()
  endAt?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  recordingUrl?: string;
}

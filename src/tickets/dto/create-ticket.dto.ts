import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { IsTypedPhone } from '../../common/caller-phone';
import {
  APPEAL_TYPES,
  AppealType,
  Channel,
  CHANNELS,
  SOURCE_LINES,
  SourceLine,
  URGENCIES,
  Urgency,
} from '../ticket.entity';

export class CreateTicketDto {
  @ApiPropertyOptional({ enum: CHANNELS, default: 'phone' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: SOURCE_LINES, default: '12345' })
  @IsOptional()
  @IsIn(SOURCE_LINES)
  sourceLine?: SourceLine;

  @ApiPropertyOptional({ example: '王先生' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  callerName?: string;

  @ApiPropertyOptional({
    example: '13812345678',
    description: 'Stored without the spaces and dashes it was typed with',
  })
  @IsOptional()
  @IsString()
  @IsTypedPhone()
  callerPhone?: string;

  @ApiPropertyOptional({ description: 'The caller asked for confidentiality: units see neither name nor number' })
  @IsOptional()
  @IsBoolean()
  callerConfidential?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ maxLength: 4000, example: '古城街道某小区门口夜间烧烤油烟扰民' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional({ enum: APPEAL_TYPES })
  @IsOptional()
  @IsIn(APPEAL_TYPES)
  appealType?: AppealType;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: 'Submit for dispatch at once (提交派单), in the same transaction' })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;

  @ApiPropertyOptional({ description: 'Our id of the call this ticket is created from' })
  @IsOptional()
  @IsInt()
  @Min(1)
  callId?: number;
}

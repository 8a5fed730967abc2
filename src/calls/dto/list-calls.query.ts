import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsTypedPhone } from '../../common/caller-phone';
import { IsInstant } from './cti-call.dto';

export class ListCallsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  agentUserId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsTypedPhone()
  callerPhone?: string;

  @ApiPropertyOptional({ description: 'Calls that rang at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Calls that rang before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ description: "Only the caller's own calls" })
  @IsOptional()
  // query strings are text: only the words true and false are booleans here, anything else is refused
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;
}

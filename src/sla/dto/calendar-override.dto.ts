import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OVERRIDE_KINDS, OverrideKind } from '../calendar-override.entity';

export class CreateCalendarOverrideDto {
  @ApiProperty({ example: '2026-10-12', description: 'Shanghai calendar date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ enum: OVERRIDE_KINDS })
  @IsIn(OVERRIDE_KINDS)
  kind!: OverrideKind;

  @ApiPropertyOptional({ maxLength: 200, example: '县庆放假一天' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  note?: string;
}

export class UpdateCalendarOverrideDto {
  @ApiPropertyOptional({ enum: OVERRIDE_KINDS })
  @IsOptional()
  @IsIn(OVERRIDE_KINDS)
  kind?: OverrideKind;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class ListCalendarOverridesQuery {
  @ApiPropertyOptional({ example: '2026' })
  @IsOptional()
  @Matches(/^\d{4}$/)
  year?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class HolidayBlockDto {
  @ApiProperty({ example: '2026-10-01', description: 'First day off (Shanghai calendar date)' })
  @Matches(DATE, { message: '$property must be YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-10-07', description: 'Last day off, included' })
  @Matches(DATE, { message: '$property must be YYYY-MM-DD' })
  to!: string;

  @ApiProperty({ example: '国庆节', maxLength: 20 })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  name!: string;
}

/** A year's State Council holiday notice, block by block as it is worded. */
export class PutCalendarYearDto {
  @ApiProperty({
    type: [HolidayBlockDto],
    description: 'Each block off work the notice lists, weekend days inside it included',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HolidayBlockDto)
  holidays!: HolidayBlockDto[];

  @ApiProperty({ example: ['2026-09-20', '2026-10-10'], description: 'Weekend days at work (调休上班)' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(DATE, { each: true, message: 'each of $property must be YYYY-MM-DD' })
  makeUpWorkdays!: string[];

  @ApiProperty({ example: '国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  source!: string;
}

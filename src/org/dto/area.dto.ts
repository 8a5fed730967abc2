import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { AREA_LEVELS, AreaLevel } from '../area.entity';

export class CreateAreaDto {
  @ApiProperty({ example: '530326001000', description: 'Administrative code' })
  @IsString()
  @Matches(/^[0-9A-Za-z-]{1,32}$/, { message: 'code must be 1-32 letters, digits or -' })
  code!: string;

  @ApiProperty({ example: '古城街道' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: AREA_LEVELS })
  @IsIn(AREA_LEVELS)
  level!: AreaLevel;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  aliases?: string[];
}

export class UpdateAreaDto extends PartialType(PickType(CreateAreaDto, ['name', 'parentId', 'aliases'] as const)) {}

export class ListAreasQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  parentId?: number;

  @ApiPropertyOptional({ enum: AREA_LEVELS })
  @IsOptional()
  @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @ApiPropertyOptional({ description: 'Name or code contains' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

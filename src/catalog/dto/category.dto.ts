import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';

export class CreateCategoryDto {
  @ApiProperty({ example: 'urban.street-vending', description: 'Stable dotted code; cannot change later' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]{0,63}$/, { message: 'code must be 1-64 lower-case letters, digits, . or -' })
  code!: string;

  @ApiProperty({ example: '占道经营' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiPropertyOptional({ description: 'Handled by the township of the place (属地) rather than a department' })
  @IsOptional()
  @IsBoolean()
  territorial?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  defaultUnitId?: number | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  keywords?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateCategoryDto extends PartialType(
  PickType(CreateCategoryDto, ['name', 'parentId', 'territorial', 'defaultUnitId', 'keywords', 'active'] as const),
) {}

export class ListCategoriesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Children of this category; 0 for the top-level groups' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  parentId?: number;

  @ApiPropertyOptional({ description: 'Name or code contains' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

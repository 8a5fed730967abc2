import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { UNIT_KINDS, UnitKind } from '../unit.entity';

export class CreateUnitDto {
  @ApiProperty({ example: 'dept-market' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'code must be 2-64 lower-case letters, digits, . _ or -' })
  code!: string;

  @ApiProperty({ example: '会泽县市场监督管理局' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'The area a township, village or grid station serves' })
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number | null;
}

export class UpdateUnitDto extends PartialType(PickType(CreateUnitDto, ['name', 'parentId', 'areaId'] as const)) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListUnitsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  parentId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

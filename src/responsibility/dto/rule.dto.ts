import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { MAX_CO_HANDLERS } from '../rule-checks';
import { TARGET_KINDS, TargetKind, TERRITORIAL_LEVELS, TerritorialLevel } from '../responsibility-rule.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateRuleDto {
  @ApiProperty({ description: 'The rule covers this category and its subtree' })
  @IsInt()
  @Min(1)
  categoryId!: number;

  @ApiPropertyOptional({ nullable: true, description: 'The rule covers this area and its subtree; null: everywhere' })
  @IsOptional()
  @IsInt()
  @Min(1)
  areaId?: number | null;

  @ApiProperty({ enum: TARGET_KINDS })
  @IsIn(TARGET_KINDS)
  targetKind!: TargetKind;

  @ApiPropertyOptional({ nullable: true, description: 'For targetKind unit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  targetUnitId?: number | null;

  @ApiPropertyOptional({ enum: TERRITORIAL_LEVELS, nullable: true, description: 'For targetKind territorial' })
  @IsOptional()
  @IsIn(TERRITORIAL_LEVELS)
  targetLevel?: TerritorialLevel | null;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CO_HANDLERS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  coHandlerUnitIds?: number[];

  @ApiProperty({ description: 'Higher wins between rules of the same area and category' })
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority!: number;

  @ApiProperty({ example: '2024-03-01', description: 'First day in force (Asia/Shanghai calendar)' })
  @IsString()
  @Matches(DATE, { message: 'validFrom must be YYYY-MM-DD' })
  validFrom!: string;

  @ApiPropertyOptional({ example: null, nullable: true, description: 'Last day in force; null: open-ended' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'validTo must be YYYY-MM-DD' })
  validTo?: string | null;

  @ApiProperty({ example: '《会泽县乡镇（街道）属地管理事项清单（2024年版）》第12项' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  sourceDocument!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateRuleDto extends PartialType(CreateRuleDto) {
  @ApiPropertyOptional({ description: 'The version you read: a stale one gets 409 RULE_VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListRulesQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional({ description: 'Rules of this area; 0 for the county-wide rules' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  areaId?: number;

  @ApiPropertyOptional({ description: 'Rules naming this unit as target or co-handler' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class ResolveQuery {
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId!: number;

  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  areaId!: number;

  @ApiPropertyOptional({ description: 'ISO instant whose rules apply; default now' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'at must be an ISO date or date-time with a zone',
  })
  at?: string;
}

export class ImportRulesQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'false: dry run, nothing written' })
  @IsOptional()
  @IsIn(['true', 'false'])
  commit?: 'true' | 'false';
}

export class ImportRulesBody {
  @ApiProperty({ description: 'The CSV text' })
  @IsString()
  @MaxLength(5_000_000)
  csv!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { DRILL_KINDS, DrillKind } from '../sla-metrics.service';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

// A Shanghai date: periods are whole days (the settled metrics are kept per unit and day).
const WHEN = /^\d{4}-\d{2}-\d{2}$/;

export class SlaPeriodQuery {
  @ApiPropertyOptional({
    description: 'First day (Shanghai date); default the 1st of this month',
  })
  @IsOptional()
  @Matches(WHEN, { message: 'from must be a date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    description:
      'End: a Shanghai date (that whole day included) or an ISO instant (excluded); default: end of the month of from',
  })
  @IsOptional()
  @Matches(WHEN, { message: 'to must be a date, YYYY-MM-DD' })
  to?: string;
}

export class SlaMetricsQuery extends SlaPeriodQuery {
  @ApiPropertyOptional({
    description: 'One unit; a clerk gets their own unit by default and may name only units below it',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: 'The unit and every unit below it', default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  subtree?: boolean;
}

export class SlaTicketsQuery extends PageQueryDto {
  @ApiProperty({ enum: DRILL_KINDS })
  @IsIn(DRILL_KINDS)
  kind!: DrillKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(WHEN)
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(WHEN)
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  subtree?: boolean;
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export const EXPORT_REPORTS = ['units', 'overdue', 'near_due'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportReport = (typeof EXPORT_REPORTS)[number];

export class SlaExportQuery extends SlaPeriodQuery {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;

  @ApiProperty({ enum: EXPORT_REPORTS })
  @IsIn(EXPORT_REPORTS)
  report!: ExportReport;

  @ApiPropertyOptional({ description: 'Rows at most (lists)', default: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  limit?: number;
}

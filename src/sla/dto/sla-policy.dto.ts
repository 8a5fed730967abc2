import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CLOCK_UNITS, ClockUnit } from '../sla-clock';
import { APPEAL_TYPES, AppealType, URGENCIES, Urgency } from '../sla-policy';

export class ClockSpecDto {
  @ApiProperty({ example: 5, description: 'positive; whole for working_days' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(100000)
  amount!: number;

  @ApiProperty({ enum: CLOCK_UNITS })
  @IsIn(CLOCK_UNITS)
  unit!: ClockUnit;
}

/** A null dimension matches every ticket; a clock left out comes from less specific policies or the defaults. */
export class CreateSlaPolicyDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  categoryId?: number | null;

  @ApiPropertyOptional({ enum: APPEAL_TYPES, nullable: true })
  @IsOptional()
  @IsIn(APPEAL_TYPES)
  appealType?: AppealType | null;

  @ApiPropertyOptional({ enum: URGENCIES, nullable: true })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency | null;

  @ApiPropertyOptional({ type: ClockSpecDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClockSpecDto)
  accept?: ClockSpecDto | null;

  @ApiPropertyOptional({ type: ClockSpecDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClockSpecDto)
  firstContact?: ClockSpecDto | null;

  @ApiPropertyOptional({ type: ClockSpecDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClockSpecDto)
  resolution?: ClockSpecDto | null;

  @ApiPropertyOptional({ type: ClockSpecDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClockSpecDto)
  callback?: ClockSpecDto | null;
}

/** Every field optional: what is sent replaces the current version's value (null clears it). */
export class UpdateSlaPolicyDto extends CreateSlaPolicyDto {
  @ApiPropertyOptional({ description: 'false retires the policy (as a new version)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListSlaPoliciesQuery {
  @ApiPropertyOptional({ description: 'true: every version, retired ones included' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  history?: boolean;
}

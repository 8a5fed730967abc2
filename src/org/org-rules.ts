import type { AreaLevel } from './area.entity';
import type { UnitKind } from './unit.entity';

/** The level an area's parent must have; a county has no parent. */
export const AREA_PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  county: null,
  township: 'county',
  village: 'township',
  grid: 'village',
};

/** The kinds of unit each kind may sit under (null: may be a root). */
export const UNIT_PARENT_KINDS: Record<UnitKind, (UnitKind | null)[]> = {
  centre: [null],
  department: ['centre', 'department'],
  township: ['centre'],
  village: ['township'],
  grid_station: ['village'],
};

/** The area level a unit serves; null: the unit serves no single area. Only the centre's is optional. */
export const UNIT_AREA_LEVEL: Record<UnitKind, AreaLevel | null> = {
  centre: 'county',
  department: null,
  township: 'township',
  village: 'village',
  grid_station: 'grid',
};

export { childPath, wouldCycle } from '../database/materialized-path';

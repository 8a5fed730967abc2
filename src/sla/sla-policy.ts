/**
 * The SLA policy: which clock each step of a ticket runs on, per category × appeal type × urgency.
 *
 * The defaults are DOMAIN.md's table (Tianjin for accept, Shandong and Beijing for resolution).
 * Admin policies are rows (later stored in MySQL with versions); resolveSlaPolicy() picks, clock by
 * clock, the most specific row that matches a ticket and falls back to the defaults.
 */
import { SlaInputError } from './sla.errors';
import { type ClockSpec, DEFAULT_WARNING_RATIO, assertValidClockSpec } from './sla-clock';

export const APPEAL_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

export const URGENCIES = ['critical', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SLA_CLOCK_NAMES = ['accept', 'firstContact', 'resolution', 'callback'] as const;
export type SlaClockName = (typeof SLA_CLOCK_NAMES)[number];

export type SlaClocks = Readonly<Record<SlaClockName, ClockSpec>>;

const minutes = (amount: number): ClockSpec => ({ amount, unit: 'minutes' });
const hours = (amount: number): ClockSpec => ({ amount, unit: 'hours' });
const workingDays = (amount: number): ClockSpec => ({ amount, unit: 'working_days' });

/**
 * Normal resolution, in working days, per appeal type. DOMAIN.md gives consultation 3, help 5,
 * complaint / report 5, suggestion 15; praise has no published number: 5, like help, because
 * passing a commendation on to the unit is a small task but not an instant one.
 */
export const NORMAL_RESOLUTION_WORKING_DAYS: Readonly<Record<AppealType, number>> = {
  consultation: 3,
  help: 5,
  complaint: 5,
  report: 5,
  suggestion: 15,
  praise: 5,
};

/**
 * DOMAIN.md's default clocks. The normal first contact is 24 *wall* hours: the caller is waiting
 * for a phone call, and "within 24 hours" is what the published rules promise the citizen; on
 * working hours it would silently become three or four calendar days.
 */
export const DEFAULT_SLA_TABLE: Readonly<
  Record<Urgency, Readonly<Omit<SlaClocks, 'resolution'> & { resolution: ClockSpec | 'by-appeal-type' }>>
> = {
  critical: { accept: minutes(15), firstContact: minutes(30), resolution: hours(2), callback: workingDays(1) },
  urgent: { accept: minutes(30), firstContact: hours(2), resolution: hours(24), callback: workingDays(1) },
  normal: { accept: workingDays(1), firstContact: hours(24), resolution: 'by-appeal-type', callback: workingDays(1) },
};

/** The fixed rules around the clocks (DOMAIN.md). */
export const SLA_RULES = {
  /** A unit may ask to return a ticket within 2 working days of dispatch. */
  returnWindow: workingDays(2),
  /** An approved extension adds at most 10 working days to the resolution deadline. */
  maxExtension: workingDays(10),
  /** Reminders at 75 % of each clock; breach at 100 %. */
  warningRatio: DEFAULT_WARNING_RATIO,
} as const;

export function defaultSlaClocks(appealType: AppealType, urgency: Urgency): SlaClocks {
  const row = DEFAULT_SLA_TABLE[urgency];
  const resolution =
    row.resolution === 'by-appeal-type' ? workingDays(NORMAL_RESOLUTION_WORKING_DAYS[appealType]) : row.resolution;
  return { accept: row.accept, firstContact: row.firstContact, resolution, callback: row.callback };
}

/**
 * An admin policy row. A null dimension matches any value. A row may set only some clocks: the
 * others come from less specific rows or the defaults, so "suggestions about roads get 20 days to
 * resolve" does not have to restate the accept clock.
 */
export interface SlaPolicyRow {
  /** The category id as the entity stores it (string: MySQL bigint ids arrive as strings). */
  categoryId: string | null;
  appealType: AppealType | null;
  urgency: Urgency | null;
  clocks: Readonly<Partial<Record<SlaClockName, ClockSpec>>>;
  version: number;
}

export interface SlaPolicyQuery {
  /** The ticket's category first, then its ancestors up to the root: a rule on a parent applies to children. */
  categoryPath: readonly string[];
  appealType: AppealType;
  urgency: Urgency;
  /** Ignore rows newer than this version (to recompute a ticket under the version it was created with). */
  maxVersion?: number;
}

export interface ResolvedSlaPolicy {
  clocks: SlaClocks;
  /** Per clock, the row that supplied it, or null for the built-in default (for audit and display). */
  sources: Readonly<Record<SlaClockName, SlaPolicyRow | null>>;
}

/**
 * Specificity of a matching row, compared left to right, larger wins:
 * 1. how many dimensions it pins (category, appeal type, urgency): "most specific rule wins";
 * 2. on a tie, the dimension that is pinned: category before urgency before appeal type, because a
 *    category rule is how an admin says "this matter is different", and urgency changes the clock
 *    far more than appeal type does;
 * 3. a category nearer the ticket's own (a leaf rule beats its parent's);
 * 4. the higher version (older versions are history).
 */
function specificity(row: SlaPolicyRow, query: SlaPolicyQuery): number[] | null {
  let categoryDepth = 0;
  if (row.categoryId !== null) {
    const index = query.categoryPath.indexOf(row.categoryId);
    if (index < 0) {
      return null;
    }
    categoryDepth = query.categoryPath.length - index;
  }
  if (row.appealType !== null && row.appealType !== query.appealType) {
    return null;
  }
  if (row.urgency !== null && row.urgency !== query.urgency) {
    return null;
  }
  if (query.maxVersion !== undefined && row.version > query.maxVersion) {
    return null;
  }
  const pinned = [row.categoryId, row.appealType, row.urgency].filter((value) => value !== null).length;
  return [
    pinned,
    row.categoryId !== null ? 1 : 0,
    row.urgency !== null ? 1 : 0,
    row.appealType !== null ? 1 : 0,
    categoryDepth,
    row.version,
  ];
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return 0;
}

export function resolveSlaPolicy(rows: readonly SlaPolicyRow[], query: SlaPolicyQuery): ResolvedSlaPolicy {
  const defaults = defaultSlaClocks(query.appealType, query.urgency);
  const clocks: Record<SlaClockName, ClockSpec> = { ...defaults };
  const sources: Record<SlaClockName, SlaPolicyRow | null> = {
    accept: null,
    firstContact: null,
    resolution: null,
    callback: null,
  };
  const best: Partial<Record<SlaClockName, number[]>> = {};
  for (const row of rows) {
    const score = specificity(row, query);
    if (score === null) {
      continue;
    }
    for (const name of SLA_CLOCK_NAMES) {
      const spec = row.clocks[name];
      if (spec === undefined) {
        continue;
      }
      assertValidClockSpec(spec);
      const current = best[name];
      const order = current === undefined ? 1 : compareScores(score, current);
      if (order === 0) {
        // Two rows with the same key and version: a data error the admin must fix, not a coin toss.
        throw new SlaInputError('sla.policy_ambiguous', `Two SLA policy rows of the same version both set ${name}`, {
          rows: [sources[name], row],
        });
      }
      if (order > 0) {
        best[name] = score;
        clocks[name] = spec;
        sources[name] = row;
      }
    }
  }
  return { clocks, sources };
}

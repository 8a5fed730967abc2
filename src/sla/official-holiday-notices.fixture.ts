/**
 * Test data: the State Council holiday notices, typed in by hand from the published text, so that the
 * specs pin the official calendar and not whatever the installed chinese-days says.
 *
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12).
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, Xinhua; gov.cn content_7047091).
 */
export interface OfficialNotice {
  year: number;
  /** Inclusive date ranges off work, as the notice lists them. */
  holidays: ReadonlyArray<readonly [string, string]>;
  /** Weekend dates that are working days (调休上班). */
  makeUpWorkdays: readonly string[];
}

export const OFFICIAL_NOTICES: readonly OfficialNotice[] = [
  {
    year: 2025,
    holidays: [
      ['2025-01-01', '2025-01-01'], // 元旦, no make-up
      ['2025-01-28', '2025-02-04'], // 春节
      ['2025-04-04', '2025-04-06'], // 清明
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午
      ['2025-10-01', '2025-10-08'], // 国庆 + 中秋
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    holidays: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节
      ['2026-04-04', '2026-04-06'], // 清明
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午
      ['2026-09-25', '2026-09-27'], // 中秋
      ['2026-10-01', '2026-10-07'], // 国庆
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

export const OFFICIAL_HOLIDAYS: ReadonlySet<string> = new Set(
  OFFICIAL_NOTICES.flatMap((notice) => notice.holidays.flatMap(([from, to]) => datesBetween(from, to))),
);

export const OFFICIAL_MAKE_UP_WORKDAYS: ReadonlySet<string> = new Set(
  OFFICIAL_NOTICES.flatMap((notice) => notice.makeUpWorkdays),
);

/**
 * An oracle written independently of the calendar code (Date in UTC on a +8 h shifted clock):
 * whether a Shanghai date of 2025 or 2026 is a working day according to the notices.
 */
export function officialIsWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return OFFICIAL_MAKE_UP_WORKDAYS.has(date) || (!OFFICIAL_HOLIDAYS.has(date) && weekday !== 0 && weekday !== 6);
}

/** Whether the minute starting at epochMs is working time, per the notices and 08:30–12:00, 14:30–18:00. */
export function officialIsWorkingMinute(epochMs: number): boolean {
  const local = new Date(epochMs + 8 * 3_600_000);
  const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inHours = (minuteOfDay >= 510 && minuteOfDay < 720) || (minuteOfDay >= 870 && minuteOfDay < 1080);
  return inHours && officialIsWorkingDay(local.toISOString().slice(0, 10));
}

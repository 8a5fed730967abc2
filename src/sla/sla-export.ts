/**
 * The SLA exports as tables, written as CSV (UTF-8 with a BOM, so Excel opens the Chinese headers
 * right, CRLF, RFC 4180 quoting) or xlsx (exceljs). Headers are Chinese as the centre's reports are.
 */
import type ExcelJSModule from 'exceljs';
import type { SlaTicketRow, UnitFigures } from './sla-metrics.service';
import { formatShanghaiIso } from './shanghai-time';

type Cell = string | number | null;

export interface Table {
  sheet: string;
  columns: { header: string; width?: number }[];
  rows: Cell[][];
}

const percent = (value: number | null): Cell => (value === null ? null : Math.round(value * 10000) / 100);
const when = (value: Date | null): Cell =>
  value === null ? null : formatShanghaiIso(value).slice(0, 16).replace('T', ' ');

export function unitsTable(units: readonly UnitFigures[]): Table {
  const headers = [
    '单位编码',
    '单位名称',
    '派单数',
    '按时签收率%',
    '响应率%',
    '按时办结率%',
    '解决率%',
    '满意率%',
    '退单率%',
    '重办率%',
    '当前超时',
    '当前临期',
    '平均签收分钟',
    '平均回复分钟',
    '回访数',
    '退单数',
    '重办数',
  ];
  return {
    sheet: '单位考核',
    columns: headers.map((header, i) => ({ header, width: i === 1 ? 24 : 12 })),
    rows: units.map((u) => [
      u.unit.code,
      u.unit.name,
      u.dispatched,
      percent(u.onTimeAcceptRate),
      percent(u.responseRate),
      percent(u.onTimeResolutionRate),
      percent(u.resolutionRate),
      percent(u.satisfactionRate),
      percent(u.returnRate),
      percent(u.reopenRate),
      u.overdueNow,
      u.nearDueNow,
      u.meanMinutesToAccept,
      u.meanMinutesToReply,
      u.callbacks,
      u.returned,
      u.reopens,
    ]),
  };
}

const CLOCK_NAMES: Readonly<Record<string, string>> = { accept: '签收', firstContact: '首次联系', resolution: '办结' };

export function ticketsTable(sheet: string, rows: readonly SlaTicketRow[]): Table {
  const headers = ['工单编号', '标题', '状态', '紧急程度', '承办单位', '派单时间', '时限', '到期时间', '日历降级'];
  return {
    sheet,
    columns: headers.map((header, i) => ({ header, width: i === 1 ? 30 : 16 })),
    rows: rows.map((r) => [
      r.number,
      r.title,
      r.status,
      r.urgency,
      r.unitName,
      when(r.dispatchedAt),
      r.clock ? (CLOCK_NAMES[r.clock] ?? r.clock) : null,
      when(r.dueAt),
      r.calendarFallback ? '是' : '',
    ]),
  };
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => c.header), ...table.rows].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** exceljs is loaded on the first export, not at start: it costs each process about 28 MB. */
let excel: Promise<typeof ExcelJSModule> | undefined;

export async function toXlsx(table: Table): Promise<Buffer> {
  excel ??= import('exceljs').then(
    (m) => ((m as { default?: typeof ExcelJSModule }).default ?? m) as typeof ExcelJSModule,
  );
  const ExcelJS = await excel;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

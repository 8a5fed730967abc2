/** Every Chinese label of the consoles in one place, keyed by the API's English names. */
import type { AppealType, AreaLevel, Channel, PendingRequest, Role, TicketStatus, UnitKind, Urgency } from './types.js';

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: '新建',
  pending_dispatch: '待派单',
  assigned: '待签收',
  accepted: '办理中',
  suspended: '已中止',
  replied: '已回复',
  pending_callback: '待回访',
  closed: '已办结',
  resolved_on_call: '即时办结',
  invalid: '无效件',
  handed_over: '已移交',
  merged: '已合并',
};

export const URGENCY_LABELS: Record<Urgency, string> = { critical: '特急', urgent: '紧急', normal: '一般' };

export const APPEAL_TYPE_LABELS: Record<AppealType, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '电话',
  web: '网站',
  app: 'App',
  wechat: '微信',
  open311: 'Open311',
  email: '邮件',
};

export const SOURCE_LINE_LABELS: Record<string, string> = {
  '12345': '12345 政务服务便民热线',
  '12315': '12315 市场监管',
  '12333': '12333 人社',
  '12369': '12369 环保',
  '12319': '12319 城建',
  '12358': '12358 价格',
  '12331': '12331 食药',
  '12320': '12320 卫健',
  '12366': '12366 税务',
};

export const HAND_OVER_LABELS: Record<string, string> = {
  '110': '110 报警',
  '119': '119 火警',
  '120': '120 急救',
  '122': '122 交通事故',
};

export const PENDING_LABELS: Record<PendingRequest, string> = {
  return: '退单待审',
  extension: '延期待批',
  suspension: '中止待批',
};

export const ROLE_LABELS: Record<Role, string> = {
  agent: '话务员',
  dispatcher: '分办员',
  clerk: '承办单位',
  supervisor: '督办员',
  admin: '管理员',
};

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  centre: '热线中心',
  department: '县级部门',
  township: '乡镇（街道）',
  village: '村（社区）',
  grid_station: '网格站',
};

export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  county: '县',
  township: '乡镇（街道）',
  village: '村（社区）',
  grid: '网格',
};

export const SATISFACTION_LABELS: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const DECISION_LABELS: Record<string, string> = { approve: '同意', reject: '不同意', send_back: '退回重办' };

/** Action names of the API (and of timeline events) as the buttons and the timeline say them. */
export const ACTION_LABELS: Record<string, string> = {
  created: '登记',
  submit: '提交派单',
  'resolve-on-call': '即时办结',
  'mark-invalid': '无效件',
  'hand-over': '转警/紧急移交',
  merge: '合并重复件',
  dispatch: '派单',
  accept: '签收',
  forward: '转派',
  'record-contact': '联系记录',
  'request-extension': '延期申请',
  'decide-extension': '延期审批',
  'request-suspension': '中止申请',
  'decide-suspension': '中止审批',
  resume: '恢复办理',
  'request-return': '退单',
  'decide-return': '退单审批',
  reply: '办结回复',
  'add-part': '协办意见',
  review: '审核',
  callback: '回访',
  urge: '催办',
  supervise: '督办',
  'reveal-phone': '查看号码',
  'duplicate-linked': '关联重复件',
  classified: '智能分类',
  'dispatch-suggested': '派单建议',
  'emergency-flagged': '紧急提示',
  'call-linked': '关联来电',
  'sla-warning': '时限预警',
  'sla-breached': '超时',
};

export function label(table: Record<string, string>, key: string | null | undefined, fallback = '—'): string {
  if (key === null || key === undefined || key === '') return fallback;
  return table[key] ?? key;
}

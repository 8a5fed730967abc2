import { firstRuleHit, KeywordRule } from './keyword-rules.util';

export const URGENCY_LEVELS = ['critical', 'urgent', 'normal'] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];

export const APPEAL_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

/** DOMAIN.md: urgent = water, power, gas or heating cut, or an ongoing hazard or nuisance. */
const URGENT_RULES: ReadonlyArray<KeywordRule<UrgencyLevel>> = [
  {
    value: 'urgent',
    reason: 'utility cut',
    keywords: [
      '停水',
      '断水',
      '没水',
      '没有水',
      '不来水',
      '停电',
      '断电',
      '没电',
      '没有电',
      '停气',
      '停燃气',
      '燃气停',
      '没有燃气',
      '停暖',
      '不供暖',
      '暖气不热',
      '没有暖气',
      '供暖不足',
      '停止供暖',
    ],
    cancelledBy: ['通知', '计划', '预计', '什么时候', '何时'],
  },
  {
    value: 'urgent',
    reason: 'ongoing hazard',
    keywords: [
      '水管爆裂',
      '爆管',
      '跑水',
      '污水外溢',
      '井盖丢失',
      '井盖被盗',
      '电线掉落',
      '电线断落',
      '树木倒伏',
      '正在施工',
    ],
  },
];

/** Fallback urgency when no trained head is available or it is unsure; emergencies are handled before this. */
export function ruleUrgency(normalizedText: string): { label: UrgencyLevel; reason: string } {
  const hit = firstRuleHit(normalizedText, URGENT_RULES);
  return hit ? { label: hit.value, reason: hit.reason } : { label: 'normal', reason: 'no urgency keyword' };
}

const APPEAL_TYPE_RULES: ReadonlyArray<KeywordRule<AppealType>> = [
  { value: 'praise', reason: 'praise', keywords: ['表扬', '点赞', '锦旗', '感谢信', '致谢', '称赞'] },
  { value: 'report', reason: 'report', keywords: ['举报', '检举', '揭发'] },
  { value: 'complaint', reason: 'complaint', keywords: ['投诉', '不作为', '乱收费', '态度恶劣', '扰民'] },
  { value: 'suggestion', reason: 'suggestion', keywords: ['建议', '提议', '希望增设', '希望能够', '呼吁'] },
  { value: 'help', reason: 'help request', keywords: ['求助', '请求帮助', '帮忙', '救助', '求求'] },
  {
    value: 'consultation',
    reason: 'consultation',
    keywords: ['咨询', '请问', '问一下', '想了解', '如何办理', '怎么办理', '需要什么', '是否可以', '能否'],
  },
];

/** Appeal type from explicit wording, used when the model has no appealType head. The title (the
 * first words) is searched first, because "投诉…" there states the intent better than the body does. */
export function ruleAppealType(normalizedText: string): { label: AppealType; reason: string } | null {
  const hit =
    firstRuleHit(normalizedText.slice(0, 40), APPEAL_TYPE_RULES) ?? firstRuleHit(normalizedText, APPEAL_TYPE_RULES);
  return hit ? { label: hit.value, reason: hit.reason } : null;
}

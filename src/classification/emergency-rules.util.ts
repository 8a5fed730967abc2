import { firstRuleHit, KeywordRule } from './keyword-rules.util';
import { normalizeText } from './text-normalizer.util';

export type EmergencyLine = '110' | '119' | '120' | '122';

export interface EmergencyHint {
  handOverTo: EmergencyLine;
  reason: string;
  matched: string;
}

// Appeals about the aftermath of an event (compensation, work-injury recognition, insurance) are
// ordinary tickets: the event is over and no emergency line can help any more.
const AFTERMATH = ['工伤', '赔偿', '认定', '鉴定', '理赔', '保险', '报销', '补偿', '去年', '上个月', '年前'];

/** In priority order: life first (fire, gas, medical), then violence, then traffic. */
const EMERGENCY_RULES: ReadonlyArray<KeywordRule<EmergencyLine>> = [
  {
    value: '119',
    reason: 'fire or smoke',
    keywords: ['着火', '著火', '起火', '失火', '火灾', '大火', '火势', '冒烟', '浓烟', '烧起来', '爆炸', '火苗'],
    cancelledBy: AFTERMATH,
  },
  {
    value: '119',
    reason: 'gas leak',
    keywords: [
      '燃气泄漏',
      '煤气泄漏',
      '天然气泄漏',
      '液化气泄漏',
      '燃气泄露',
      '煤气泄露',
      '天然气泄露',
      '漏气',
      '煤气味',
      '燃气味',
      '天然气味',
    ],
    cancelledBy: ['轮胎', '车胎', '气门'],
  },
  {
    value: '120',
    reason: 'injury or medical emergency',
    keywords: [
      '昏迷',
      '晕倒',
      '不省人事',
      '失去意识',
      '没有意识',
      '抽搐',
      '休克',
      '大出血',
      '流血不止',
      '呼吸困难',
      '心脏骤停',
      '没有呼吸',
      '溺水',
      '触电',
      '中毒',
      '喝农药',
      '服毒',
      '受伤',
      '受重伤',
      '摔伤',
      '救护车',
      '急救',
    ],
    cancelledBy: AFTERMATH,
  },
  {
    value: '110',
    reason: 'violence, threat or crime in progress',
    keywords: [
      '打架',
      '斗殴',
      '打人',
      '殴打',
      '砍人',
      '持刀',
      '拿刀',
      '行凶',
      '抢劫',
      '抢钱',
      '绑架',
      '劫持',
      '杀人',
      '要杀',
      '扬言',
      '家暴',
      '家庭暴力',
      '跳楼',
      '轻生',
      '自杀',
      '入室盗窃',
      '有人偷',
    ],
    cancelledBy: ['去年', '上个月', '年前', '判决', '起诉'],
  },
  {
    value: '122',
    reason: 'road accident',
    keywords: ['车祸', '交通事故', '撞车', '追尾', '被车撞', '撞人', '翻车', '侧翻', '连环相撞'],
    cancelledBy: AFTERMATH,
  },
];

/**
 * Whether the appeal describes an emergency that 12345 must hand over to 110 / 119 / 120 / 122.
 * Rule based on purpose: emergencies are rare in training data, and a missed fire costs far more
 * than a false hint that an agent dismisses.
 */
export function detectEmergency(text: unknown): EmergencyHint | null {
  return detectEmergencyInNormalized(normalizeText(text, { foldDigits: false }));
}

/** The same on text already through normalizeText (digits kept), for callers that normalised once. */
export function detectEmergencyInNormalized(normalized: string): EmergencyHint | null {
  const hit = firstRuleHit(normalized, EMERGENCY_RULES);
  return hit ? { handOverTo: hit.value, reason: hit.reason, matched: hit.matched } : null;
}

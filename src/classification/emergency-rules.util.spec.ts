import { detectEmergency } from './emergency-rules.util';
import { ruleAppealType, ruleUrgency } from './urgency-rules.util';

describe(detectEmergency.name, () => {
  it.each([
    ['我家楼下着火了，浓烟很大', '119', 'fire or smoke'],
    ['厨房里一股煤气味，好像燃气泄漏了', '119', 'gas leak'],
    ['路边有位老人晕倒了，不省人事', '120', 'injury or medical emergency'],
    ['小区门口有人打架，还拿刀威胁', '110', 'violence, threat or crime in progress'],
    ['环城路口发生车祸，两车相撞', '122', 'road accident'],
    ['樓下著火了！！', '119', 'fire or smoke'],
  ])('should hand "%s" over to %s', (text, line, reason) => {
    expect(detectEmergency(text)).toMatchObject({ handOverTo: line, reason });
  });

  it('should put life first when several lines apply', () => {
    expect(detectEmergency('车祸后车辆起火，有人受伤')?.handOverTo).toBe('119');
  });

  it.each([
    ['a negated fire', '昨晚闻到焦味，但没有着火，想咨询一下消防检查'],
    ['a negated injury', '车辆剐蹭，无人受伤，只是想问怎么处理'],
    ['the aftermath of an injury', '我去年在工地受伤，工伤认定一直没有结果'],
    ['the aftermath of an accident', '交通事故赔偿款迟迟不到位'],
    ['an ordinary appeal', '小区路灯坏了很久没人修'],
    ['empty text', ''],
  ])('should not raise an emergency for %s', (_, text) => {
    expect(detectEmergency(text)).toBeNull();
  });

  it('should still see a fire that a negation does not cover', () => {
    expect(detectEmergency('不停地冒烟，火越来越大')?.handOverTo).toBe('119');
  });
});

describe(ruleUrgency.name, () => {
  it('should call a water, power, gas or heating cut urgent, unless it is negated or only announced', () => {
    expect(ruleUrgency('我们小区停水两天了')).toEqual({ label: 'urgent', reason: 'utility cut' });
    expect(ruleUrgency('家里没有暖气')).toMatchObject({ label: 'urgent' });
    expect(ruleUrgency('今天没有停电')).toMatchObject({ label: 'normal' });
    expect(ruleUrgency('请问什么时候停电检修')).toMatchObject({ label: 'normal' });
  });
});

describe(ruleAppealType.name, () => {
  it('should read the appeal type from explicit wording, the title first', () => {
    expect(ruleAppealType('举报 某公司投诉无门')?.label).toBe('report');
    expect(ruleAppealType('表扬 社区工作人员')?.label).toBe('praise');
    expect(ruleAppealType('请问公积金怎么提取')?.label).toBe('consultation');
    expect(ruleAppealType('路灯坏了')).toBeNull();
  });
});

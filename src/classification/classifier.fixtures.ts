import { LabelledAppeal } from './classifier-dataset.util';
import { createRandom } from './linear-trainer.util';

/**
 * A small synthetic appeal set for unit tests (the real data is not in the repository): six
 * categories, each with its own subjects and complaints, mixed with shared filler so that the
 * classifier must find the category words among noise.
 */
const CATEGORIES: Record<string, { subjects: string[]; problems: string[] }> = {
  城乡建设: {
    subjects: ['小区道路', '路灯', '楼房外墙', '下水道', '人行道', '安置房'],
    problems: ['破损严重无人维修', '施工一直没有完工', '长期积水', '开裂存在隐患', '违章搭建占道'],
  },
  环境保护: {
    subjects: ['化工厂', '养殖场', '垃圾站', '河道', '烧烤摊', '搅拌站'],
    problems: ['排放污水臭气熏天', '粉尘污染严重', '夜间噪音扰民', '垃圾堆积发臭', '焚烧废料黑烟'],
  },
  交通运输: {
    subjects: ['公交车', '出租车司机', '客运班车', '网约车', '公交站台', '长途汽车站'],
    problems: ['拒载乘客', '不按线路行驶', '班次太少等车太久', '绕路多收车费', '超载运行'],
  },
  教育文体: {
    subjects: ['学校', '幼儿园', '培训机构', '班主任', '中学食堂', '体育馆'],
    problems: ['乱收补课费', '强制学生订购资料', '招生入学不公平', '学生午餐质量差', '不对外开放'],
  },
  劳动和社会保障: {
    subjects: ['公司老板', '建筑工地', '用人单位', '劳务公司', '工厂', '物流公司'],
    problems: ['拖欠工资半年', '不给员工缴纳社保', '不签劳动合同', '养老保险断缴', '违法解除劳动关系'],
  },
  卫生计生: {
    subjects: ['医院', '乡镇卫生院', '诊所', '药店', '妇幼保健院', '社区医生'],
    problems: ['乱开检查收费', '医生态度差', '医保报销困难', '出售过期药品', '疫苗接种排队混乱'],
  },
};

const OPENINGS = ['反映', '投诉', '请问', '您好，', '我想反映一下', ''];
const PLACES = ['城东', '城西', '北门', '南山', '河边', '新城', '老街'];
const CLOSINGS = ['，希望有关部门尽快处理。', '，请领导重视！', '。谢谢！', '，已经很久了。', ''];

export const FIXTURE_LABELS = Object.keys(CATEGORIES).sort();

export function fixtureAppeals(perLabel: number, seed: number): LabelledAppeal[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const appeals: LabelledAppeal[] = [];
  for (const [label, { subjects, problems }] of Object.entries(CATEGORIES)) {
    for (let i = 0; i < perLabel; i++) {
      const subject = pick(subjects);
      const problem = pick(problems);
      const title = `${pick(OPENINGS)}${pick(PLACES)}${subject}${problem}`;
      const body = `${pick(PLACES)}的${subject}${problem}${pick(CLOSINGS)}`;
      appeals.push({ text: `${title}\n${body}`, label });
    }
  }
  return appeals;
}

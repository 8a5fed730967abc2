// The matter category tree (事项分类) of a county 12345 centre: 18 top-level groups, a third level
// under 水电气暖 and 通信, 116 leaves. Tickets are classified to leaves.
//
// territorial: true  → 属地事项: the township (or, by rule, village / grid station) of the place handles it.
// territorial: false → 部门事项: defaultUnitCode (a department or utility from demo-county.data.ts).
// The other.* leaves are neither: they have no default unit and no rule, and wait in the dispatch pool.
// keywords feed the interim keyword classifier and the demo appeals generator.

export interface DemoCategory {
  code: string;
  parentCode: string | null;
  name: string;
  territorial: boolean;
  defaultUnitCode: string | null;
  /** Chinese words and phrases typical of appeals in this category (leaves only). */
  keywords: string[];
}

/** keywords: space-separated. */
type Leaf = [code: string, name: string, handler: string, keywords: string];

/** handler: a unit code, TERRITORIAL for matters of the township of the place, or UNROUTED. */
const TERRITORIAL = 'territorial';
const UNROUTED = 'unrouted';

interface Group {
  code: string;
  name: string;
  defaultUnitCode: string | null;
  leaves?: Leaf[];
  children?: Group[];
}

const TREE: Group[] = [
  {
    code: 'urban',
    name: '城市管理',
    defaultUnitCode: 'dept-urban',
    leaves: [
      ['urban.street-vending', '占道经营', TERRITORIAL, '占道经营 流动摊贩 摆摊 店外经营 占用人行道 卖菜的摊子'],
      ['urban.illegal-construction', '违章搭建', TERRITORIAL, '违章搭建 违建 私搭乱建 违法建筑 加盖 搭彩钢棚'],
      ['urban.city-appearance', '市容环境', TERRITORIAL, '市容 乱堆乱放 乱贴乱画 小广告 脏乱差 乱扔垃圾'],
      ['urban.garbage-collection', '垃圾清运', TERRITORIAL, '垃圾清运 垃圾桶 垃圾堆 垃圾没人拉 垃圾满了 垃圾房'],
      ['urban.outdoor-ads', '户外广告', 'dept-urban', '户外广告 广告牌 招牌 灯箱 横幅 广告牌松动'],
      ['urban.muck-transport', '渣土运输', 'dept-urban', '渣土车 撒漏 建筑垃圾 渣土 泥浆 拉土车'],
      ['urban.green-space', '园林绿化', 'dept-housing', '绿化带 行道树 修剪 草坪 树枝 毁绿'],
      ['urban.public-toilet', '公共厕所', 'dept-urban', '公厕 公共厕所 厕所 厕所臭 厕所锁门 冲水'],
      ['urban.drainage', '市政排水', 'dept-housing', '下水道 井盖 排水沟 污水溢出 下水道堵塞 积水'],
    ],
  },
  {
    code: 'transport',
    name: '道路交通',
    defaultUnitCode: 'dept-transport',
    leaves: [
      ['transport.road-damage', '道路破损', 'dept-transport', '道路破损 坑洼 路面塌陷 路烂 大坑 路面开裂'],
      ['transport.street-light', '路灯', 'dept-housing', '路灯 路灯不亮 路灯坏了 黑灯瞎火 灯杆 路灯白天亮'],
      ['transport.bus', '公交', 'dept-transport', '公交车 公交 班次 公交站 公交司机 等车'],
      ['transport.taxi', '出租车', 'dept-transport', '出租车 的士 拒载 绕路 不打表 网约车'],
      ['transport.passenger-coach', '客运班车', 'dept-transport', '客运 班车 客车 超载 车票 客运站'],
      ['transport.traffic-facility', '交通设施', 'dept-police', '红绿灯 信号灯 斑马线 标线 减速带 护栏'],
      ['transport.illegal-parking', '违章停车', 'dept-police', '乱停车 违停 乱停乱放 堵路 占道停车 挡住出口'],
    ],
  },
  {
    code: 'housing',
    name: '住房与物业',
    defaultUnitCode: 'dept-housing',
    leaves: [
      ['housing.property-service', '物业服务', 'dept-housing', '物业 物业费 物业公司 小区保安 小区电梯 业委会'],
      ['housing.building-quality', '房屋质量', 'dept-housing', '房屋质量 墙体开裂 渗水 裂缝 屋顶漏雨 楼板'],
      ['housing.public-rental', '公租房', 'dept-housing', '公租房 廉租房 保障房 公租房租金 配租 轮候'],
      ['housing.property-registration', '不动产登记', 'dept-natres', '不动产 房产证 不动产权证 过户 产权登记 办证'],
      ['housing.developer-delivery', '商品房交付', 'dept-housing', '开发商 交房 延期交房 烂尾 购房 网签'],
      ['housing.housing-fund', '住房公积金', 'dept-housing-fund', '公积金 公积金提取 公积金贷款 缴存 公积金账户'],
      ['housing.old-community-renovation', '老旧小区改造', 'dept-housing', '老旧小区 小区改造 外墙 加装电梯 管网改造'],
      ['housing.rural-housing', '农村危房改造', TERRITORIAL, '危房 危房改造 农房 土坯房 房子漏雨 抗震改造'],
    ],
  },
  {
    code: 'utilities',
    name: '水电气暖',
    defaultUnitCode: null,
    children: [
      {
        code: 'utilities.water',
        name: '供水',
        defaultUnitCode: 'util-water',
        leaves: [
          ['utilities.water.outage', '停水', 'util-water', '停水 没水 断水 自来水 水压低 没有水用'],
          ['utilities.water.quality', '水质', 'util-water', '水质 水浑浊 黄水 水有异味 自来水有味道 水里有沙'],
          ['utilities.water.pipe-burst', '供水管道漏水', 'util-water', '水管爆裂 爆管 供水管道 跑水 水管漏水 阀门'],
          ['utilities.water.billing', '水费', 'util-water', '水费 水表 交水费 抄表 水费太高 阶梯水价'],
        ],
      },
      {
        code: 'utilities.power',
        name: '供电',
        defaultUnitCode: 'util-power',
        leaves: [
          ['utilities.power.outage', '停电', 'util-power', '停电 没电 断电 跳闸 电压不稳 突然停电'],
          [
            'utilities.power.line-hazard',
            '电力线路隐患',
            'util-power',
            '电线 电线杆 线路老化 漏电 变压器 电线垂得很低',
          ],
          ['utilities.power.billing', '电费', 'util-power', '电费 电表 交电费 电价 电费太高 预付费'],
        ],
      },
      {
        code: 'utilities.gas',
        name: '燃气',
        defaultUnitCode: 'util-gas',
        leaves: [
          ['utilities.gas.supply', '燃气供应', 'util-gas', '天然气 燃气 停气 气压 燃气开户 燃气费'],
          ['utilities.gas.leak', '燃气泄漏隐患', 'util-gas', '燃气泄漏 煤气味 漏气 燃气管道 燃气表 闻到气味'],
          ['utilities.gas.lpg', '液化气', 'dept-housing', '液化气 煤气罐 钢瓶 充装 送气 液化气站'],
        ],
      },
      {
        code: 'utilities.heating',
        name: '供暖',
        defaultUnitCode: 'dept-housing',
        leaves: [['utilities.heating.supply', '供暖', 'dept-housing', '供暖 取暖 暖气 暖气不热 取暖费']],
      },
      {
        code: 'utilities.telecom',
        name: '通信',
        defaultUnitCode: 'util-telecom',
        leaves: [
          ['utilities.telecom.china-telecom', '电信服务', 'util-telecom', '电信 电信宽带 宽带 光猫 电信营业厅 天翼'],
          ['utilities.telecom.china-mobile', '移动服务', 'util-mobile', '移动 中国移动 手机信号 没信号 移动套餐 基站'],
          ['utilities.telecom.china-unicom', '联通服务', 'util-unicom', '联通 中国联通 联通套餐 联通卡 扣费 销户'],
        ],
      },
    ],
  },
  {
    code: 'environment',
    name: '生态环境',
    defaultUnitCode: 'dept-eco',
    leaves: [
      ['environment.construction-noise', '施工噪声', 'dept-housing', '施工噪音 夜间施工 工地 机器声 打桩 半夜施工'],
      ['environment.industrial-noise', '工业噪声', 'dept-eco', '工厂噪音 厂房噪声 机器轰鸣 破碎机 风机'],
      ['environment.social-noise', '社会生活噪声', 'dept-police', '广场舞 噪音扰民 音响 喇叭 KTV 高音喇叭'],
      ['environment.air-pollution', '大气污染', 'dept-eco', '烟尘 粉尘 废气 冒黑烟 空气污染 焚烧垃圾'],
      ['environment.water-pollution', '水污染', 'dept-eco', '污水 排污 河道污染 死鱼 偷排 以礼河'],
      ['environment.cooking-fumes', '餐饮油烟', 'dept-eco', '油烟 烧烤 排烟 饭店油烟 油烟机 熏得'],
      ['environment.solid-waste', '固体废物', 'dept-eco', '工业废渣 危险废物 倾倒 尾矿 矿渣 废渣'],
      ['environment.livestock-pollution', '养殖污染', TERRITORIAL, '养殖场 猪圈 粪便 臭气 养猪 养牛场'],
    ],
  },
  {
    code: 'market',
    name: '市场监管与消费维权',
    defaultUnitCode: 'dept-market',
    leaves: [
      ['market.consumer-dispute', '消费纠纷', 'dept-market', '退货 退款 消费纠纷 商家 售后 质量问题'],
      ['market.price', '价格收费', 'dept-market', '乱收费 价格 涨价 明码标价 哄抬价格 收费标准'],
      ['market.unlicensed', '无照经营', 'dept-market', '无照经营 没有营业执照 证照不全 黑作坊 无证经营'],
      ['market.weights', '计量', 'dept-market', '缺斤少两 秤 计量 短秤 鬼秤 称不够'],
      ['market.special-equipment', '特种设备', 'dept-market', '特种设备 电梯故障 电梯困人 锅炉 电梯年检 游乐设施'],
      ['market.fraud-pyramid', '传销与虚假宣传', 'dept-market', '传销 虚假宣传 虚假广告 保健品 会销 骗老人'],
      [
        'market.business-registration',
        '经营主体登记',
        'dept-market',
        '营业执照 个体户 注册公司 年报 执照注销 经营范围',
      ],
    ],
  },
  {
    code: 'food-drug',
    name: '食品药品',
    defaultUnitCode: 'dept-market',
    leaves: [
      ['food-drug.food-safety', '食品安全', 'dept-market', '食品安全 过期食品 变质 吃坏肚子 三无食品 生产日期'],
      ['food-drug.catering-hygiene', '餐饮卫生', 'dept-market', '餐馆卫生 后厨 苍蝇 不干净 健康证 餐具'],
      ['food-drug.school-canteen', '校园食品安全', 'dept-market', '学校食堂 食堂 营养餐 小卖部 学生吃的 校园周边'],
      ['food-drug.drugs', '药品与医疗器械', 'dept-market', '药品 药店 假药 处方药 医疗器械 过期药'],
    ],
  },
  {
    code: 'labour',
    name: '劳动保障',
    defaultUnitCode: 'dept-hrss',
    leaves: [
      ['labour.unpaid-wages', '拖欠工资', 'dept-hrss', '拖欠工资 欠薪 工钱 包工头 农民工工资 工资不发'],
      ['labour.contract', '劳动合同', 'dept-hrss', '劳动合同 辞退 经济补偿 加班费 试用期 不签合同'],
      ['labour.employment', '就业创业', 'dept-hrss', '就业 招聘 创业贷款 技能培训 外出务工 公益性岗位'],
      ['labour.vocational-qualification', '职业资格', 'dept-hrss', '职业资格 技能鉴定 职业证书 考试报名 职称'],
    ],
  },
  {
    code: 'social-insurance',
    name: '社会保险',
    defaultUnitCode: 'dept-hrss',
    leaves: [
      ['social-insurance.pension', '养老保险', 'dept-hrss', '养老保险 养老金 退休 社保缴费 城乡居民养老 待遇认证'],
      ['social-insurance.social-card', '社保卡', 'dept-hrss', '社保卡 社保卡激活 补卡 社保卡挂失 电子社保卡'],
      ['social-insurance.medical-insurance', '医疗保险', 'dept-medins', '医保 医保卡 医保报销 异地就医 参保 医保缴费'],
      ['social-insurance.work-injury', '工伤保险', 'dept-hrss', '工伤 工伤认定 工伤保险 工伤赔偿 劳动能力鉴定'],
      ['social-insurance.unemployment', '失业保险', 'dept-hrss', '失业金 失业保险 失业登记 失业补助'],
    ],
  },
  {
    code: 'education',
    name: '教育',
    defaultUnitCode: 'dept-education',
    leaves: [
      ['education.enrollment', '招生入学', 'dept-education', '入学 招生 学位 转学 学区 报名上学'],
      ['education.fees', '教育收费', 'dept-education', '补课费 学校乱收费 资料费 校服费 收费 有偿补课'],
      ['education.school-management', '学校管理', 'dept-education', '老师 体罚 学校 作业太多 校车 班主任'],
      ['education.student-aid', '学生资助', 'dept-education', '助学金 学生资助 助学贷款 贫困生 寄宿生补助'],
      ['education.off-campus-training', '校外培训', 'dept-education', '培训机构 辅导班 培训费退费 校外培训 托管班'],
    ],
  },
  {
    code: 'health',
    name: '医疗卫生',
    defaultUnitCode: 'dept-health',
    leaves: [
      ['health.medical-service', '医疗服务', 'dept-health', '医院 医生 看病 挂号 护士态度 排队看病'],
      ['health.medical-dispute', '医疗纠纷', 'dept-health', '医疗事故 医疗纠纷 误诊 手术失败 医疗赔偿'],
      ['health.public-health', '公共卫生', 'dept-health', '疫苗 接种 传染病 体检 预防针 疾控'],
      ['health.birth-services', '生育服务', 'dept-health', '生育登记 出生医学证明 育儿补贴 产检 准生证'],
      ['health.village-clinic', '基层医疗机构', 'dept-health', '卫生室 村医 卫生院 乡镇卫生院 家庭医生'],
    ],
  },
  {
    code: 'civil',
    name: '民政',
    defaultUnitCode: 'dept-civil',
    leaves: [
      ['civil.minimum-living', '低保', 'dept-civil', '低保 最低生活保障 低保户 低保金 取消低保'],
      ['civil.elderly-care', '养老服务', 'dept-civil', '养老院 敬老院 高龄补贴 老年人 居家养老 孤寡老人'],
      ['civil.funeral', '殡葬', 'dept-civil', '殡葬 火化 公墓 乱埋乱葬 丧事 殡仪馆'],
      ['civil.marriage', '婚姻登记', 'dept-civil', '结婚登记 离婚登记 婚姻登记 结婚证 离婚冷静期'],
      ['civil.temporary-aid', '临时救助', TERRITORIAL, '临时救助 生活困难 看不起病 因病致贫 没饭吃 救济'],
      ['civil.disability', '残疾人服务', 'dept-civil', '残疾人 残疾证 两项补贴 轮椅 残疾人补贴'],
      ['civil.veterans', '退役军人', 'dept-veterans', '退役军人 优抚 退伍 复员 军属 优待证'],
    ],
  },
  {
    code: 'agriculture',
    name: '农业农村',
    defaultUnitCode: 'dept-agri',
    leaves: [
      ['agriculture.farm-inputs', '农资', 'dept-agri', '农资 化肥 种子 农药 假种子 地膜'],
      ['agriculture.land-contract', '土地承包', TERRITORIAL, '土地承包 承包地 土地流转 土地确权 流转费 地界'],
      ['agriculture.village-road', '乡村道路', TERRITORIAL, '村道 乡村道路 通村路 组路 路面硬化 入户路'],
      ['agriculture.subsidies', '惠农补贴', 'dept-agri', '惠农补贴 耕地地力保护补贴 一卡通 种粮补贴 补贴没发'],
      ['agriculture.livestock', '畜牧兽医', 'dept-agri', '牲畜 兽医 动物防疫 猪瘟 牛羊 病死猪'],
      ['agriculture.irrigation', '农田水利', 'dept-water', '灌溉 水渠 沟渠 小水窖 农田水利 抽水站'],
      [
        'agriculture.living-environment',
        '农村人居环境',
        TERRITORIAL,
        '人居环境 村庄环境 污水横流 村里垃圾 农村厕所 柴草乱堆',
      ],
      ['agriculture.village-affairs', '村务公开', TERRITORIAL, '村务公开 村干部 村里账目 集体资金 村委会 小组长'],
      ['agriculture.drinking-water', '农村饮水', TERRITORIAL, '饮水 人饮工程 水池 吃水难 自来水入户 水源'],
    ],
  },
  {
    code: 'natural-resources',
    name: '自然资源',
    defaultUnitCode: 'dept-natres',
    leaves: [
      ['natural-resources.land-use', '土地违法', 'dept-natres', '占用耕地 非法占地 土地违法 乱占耕地 挖土 基本农田'],
      ['natural-resources.homestead', '宅基地与农村建房', TERRITORIAL, '宅基地 建房审批 农村建房 用地手续 批房子'],
      ['natural-resources.mining', '矿产资源', 'dept-natres', '非法采矿 采砂 采石场 盗采 矿洞 开矿'],
      ['natural-resources.forestry', '林业', 'dept-forestry', '乱砍滥伐 砍树 林地 林木 采伐证 毁林'],
      ['natural-resources.forest-fire', '森林防火', TERRITORIAL, '森林防火 野外用火 烧荒 山火 上坟烧纸 烧地'],
      ['natural-resources.geo-hazard', '地质灾害', TERRITORIAL, '滑坡 山体滑坡 泥石流 地裂缝 塌方 落石'],
    ],
  },
  {
    code: 'public-security',
    name: '公共安全',
    defaultUnitCode: 'dept-police',
    leaves: [
      ['public-security.household-registration', '户籍', 'dept-police', '户口 户籍 落户 迁户口 身份证 居住证'],
      ['public-security.public-order', '治安隐患', 'dept-police', '治安 打架 赌博 偷盗 可疑人员 醉酒闹事'],
      ['public-security.fraud', '电信诈骗', 'dept-police', '诈骗 被骗 电信诈骗 刷单 骗子 冒充客服'],
      [
        'public-security.fire-hazard',
        '消防隐患',
        'dept-fire',
        '消防通道 消防隐患 灭火器 堵塞消防通道 电动车充电 飞线充电',
      ],
      [
        'public-security.work-safety',
        '安全生产',
        'dept-emergency',
        '安全生产 安全隐患 非法生产 烟花爆竹 脚手架 工地安全',
      ],
      ['public-security.dog', '犬只管理', 'dept-police', '狗 犬只 狗咬人 遛狗不拴绳 流浪狗 烈性犬'],
      ['public-security.neighbour-dispute', '矛盾纠纷', TERRITORIAL, '邻里纠纷 矛盾 吵架 纠纷调解 占我家地 滴水'],
    ],
  },
  {
    code: 'culture-tourism',
    name: '文化旅游',
    defaultUnitCode: 'dept-culture',
    leaves: [
      ['culture-tourism.scenic-area', '景区管理', 'dept-culture', '景区 门票 大海草山 游客 停车场收费 景点'],
      ['culture-tourism.tourism-complaint', '旅游投诉', 'dept-culture', '旅行社 旅游团 强制购物 导游 旅游合同'],
      ['culture-tourism.cultural-market', '文化市场', 'dept-culture', '网吧 歌舞厅 娱乐场所 未成年人进网吧 游戏厅'],
      ['culture-tourism.heritage', '文物保护', 'dept-culture', '文物 会馆 古建筑 文物保护 古城墙 江西会馆'],
      [
        'culture-tourism.sports-facility',
        '文体设施',
        'dept-education',
        '体育场 健身器材 篮球场 文化广场 体育馆 健身路径',
      ],
    ],
  },
  {
    code: 'gov-services',
    name: '政务服务',
    defaultUnitCode: 'dept-gov-services',
    leaves: [
      [
        'gov-services.service-hall',
        '政务大厅服务',
        'dept-gov-services',
        '政务服务中心 办事大厅 窗口 排队 办事效率 一次性告知',
      ],
      [
        'gov-services.online-services',
        '网上办事',
        'dept-gov-services',
        '一部手机办事通 网上办理 政务网 小程序 办事通 线上申请',
      ],
      ['gov-services.tax', '税费', 'dept-tax', '税 发票 纳税 个税 税务局 退税'],
      ['gov-services.staff-conduct', '工作作风', 'dept-gov-services', '工作作风 不作为 推诿 态度恶劣 踢皮球 吃拿卡要'],
      ['gov-services.business-environment', '营商环境', 'dept-gov-services', '营商环境 企业诉求 审批慢 惠企政策 招商'],
    ],
  },
  {
    code: 'other',
    name: '其他',
    defaultUnitCode: null,
    leaves: [['other.misc', '其他事项', UNROUTED, '其他 不知道找谁 问一下 反映个事情']],
  },
];

function flatten(groups: Group[], parentCode: string | null, out: DemoCategory[]): DemoCategory[] {
  for (const group of groups) {
    out.push({
      code: group.code,
      parentCode,
      name: group.name,
      territorial: false,
      defaultUnitCode: group.defaultUnitCode,
      keywords: [],
    });
    for (const [code, name, handler, keywords] of group.leaves ?? []) {
      const territorial = handler === TERRITORIAL;
      out.push({
        code,
        parentCode: group.code,
        name,
        territorial,
        defaultUnitCode: territorial || handler === UNROUTED ? null : handler,
        keywords: keywords.split(' '),
      });
    }
    flatten(group.children ?? [], group.code, out);
  }
  return out;
}

export const categories: readonly DemoCategory[] = flatten(TREE, null, []);

export function isLeafCategory(category: DemoCategory, all: readonly DemoCategory[] = categories): boolean {
  return !all.some((c) => c.parentCode === category.code);
}

export const leafCategories: readonly DemoCategory[] = categories.filter((c) => isLeafCategory(c));

/** Leaves that are routed nowhere by default: other.* waits in the dispatch pool. */
export function isUnroutedCategory(category: DemoCategory): boolean {
  return category.code === 'other' || category.code.startsWith('other.');
}

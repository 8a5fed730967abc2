/**
 * Set-based bulk fill of the ticket tables for the list/detail bench: N tickets over the last 365 days
 * of the demo county, with their ticket_units, ticket_events and sla_assignments rows. Every statement
 * is an INSERT ... SELECT over a numbers table, one chunk of ids at a time, and runs on MySQL 8.4 and
 * MariaDB 10.11 alike (no recursive CTE, no window functions).
 *
 * Rows are pseudo-random but reproducible: each draw is CRC32 of the ticket number and a salt.
 */
import type { Connection } from 'mysql2/promise';

const CHUNK = 100_000;
const DAY_S = 86_400;
const SPAN_S = 365 * DAY_S;

/** Status mix by the ticket's age, in parts per 10 000: most closed, a working set open in every status. */
const MIX: { maxAgeDays: number; parts: [string, number][] }[] = [
  {
    maxAgeDays: 1,
    parts: [
      ['new', 200],
      ['pending_dispatch', 1000],
      ['assigned', 2300],
      ['accepted', 3000],
      ['suspended', 100],
      ['replied', 900],
      ['pending_callback', 500],
      ['resolved_on_call', 1500],
      ['invalid', 300],
      ['handed_over', 200],
    ],
  },
  {
    maxAgeDays: 15,
    parts: [
      ['new', 10],
      ['pending_dispatch', 40],
      ['assigned', 250],
      ['accepted', 1800],
      ['suspended', 150],
      ['replied', 700],
      ['pending_callback', 600],
      ['closed', 4700],
      ['resolved_on_call', 1400],
      ['invalid', 200],
      ['handed_over', 100],
      ['merged', 50],
    ],
  },
  {
    maxAgeDays: 366,
    parts: [
      ['new', 2],
      ['pending_dispatch', 3],
      ['assigned', 5],
      ['accepted', 40],
      ['suspended', 20],
      ['replied', 10],
      ['pending_callback', 10],
      ['closed', 8110],
      ['resolved_on_call', 1400],
      ['invalid', 250],
      ['handed_over', 100],
      ['merged', 50],
    ],
  },
];

const DISPATCHED = ['assigned', 'accepted', 'suspended', 'replied', 'pending_callback', 'closed'];
const ACCEPTED = ['accepted', 'suspended', 'replied', 'pending_callback', 'closed'];
const REPLIED = ['replied', 'pending_callback', 'closed'];
const list = (xs: string[]): string => xs.map((x) => `'${x}'`).join(',');

const CLOCKS = JSON.stringify({
  accept: { amount: 2, unit: 'hours' },
  firstContact: { amount: 24, unit: 'hours' },
  resolution: { amount: 5, unit: 'working_days' },
  callback: { amount: 3, unit: 'working_days' },
});

const MATTERS = [
  '小区楼下烧烤店夜间噪音扰民，影响休息',
  '家中自来水管道漏水，物业一直不来维修',
  '工地拖欠农民工工资三个月未发放',
  '路灯损坏多日不亮，夜间出行不安全',
  '小区附近垃圾堆放无人清运，气味很大',
  '超市销售过期食品，要求查处并退赔',
  '道路坑洼积水，车辆通行困难',
  '咨询城乡居民医疗保险缴费标准和时间',
  '反映幼儿园收费不规范的问题',
  '建议在路口增设红绿灯和人行横道',
  '小区停水两天没有任何通知',
  '出租车拒载并绕路多收费',
  '养殖场污水直排河道，污染环境',
  '表扬社区工作人员热心帮助解决困难',
  '商家预付卡跑路，要求退还余额',
  '咨询新生儿落户需要准备的材料',
];

function draw(salt: string, n = 'n'): string {
  return `CRC32(CONCAT('${salt}', ${n}))`;
}

function statusCase(): string {
  const branches = MIX.map(({ maxAgeDays, parts }) => {
    let cum = 0;
    const inner = parts
      .map(([status, p]) => {
        cum += p;
        return `WHEN x.r < ${cum} THEN '${status}'`;
      })
      .join(' ');
    return `WHEN x.age_s < ${maxAgeDays * DAY_S} THEN (CASE ${inner} ELSE 'closed' END)`;
  }).join(' ');
  return `CASE ${branches} ELSE 'closed' END`;
}

export interface FillReport {
  tickets: number;
  ticketUnits: number;
  events: number;
  slaAssignments: number;
  seconds: number;
}

export async function fillTickets(
  db: Connection,
  total: number,
  log: (line: string) => void = console.log,
): Promise<FillReport> {
  const t0 = performance.now();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const nowSql = now.toISOString().slice(0, 19).replace('T', ' ');
  await db.query('SET SESSION unique_checks = 0');
  await db.query("SET SESSION time_zone = '+00:00'");
  await setupHelpers(db);
  const [[agentRow]] = (await db.query(
    "SELECT MIN(id) AS a1, MAX(id) AS a2 FROM users WHERE FIND_IN_SET('agent', roles) > 0",
  )) as unknown as [{ a1: number; a2: number }[]];
  const [[counts]] = (await db.query(
    'SELECT (SELECT COUNT(*) FROM bench_area) AS areas, (SELECT COUNT(*) FROM bench_cat) AS cats',
  )) as unknown as [{ areas: number; cats: number }[]];
  const [a1, a2] = [Number(agentRow!.a1), Number(agentRow!.a2)];
  const [areas, cats] = [Number(counts!.areas), Number(counts!.cats)];

  for (let lo = 0; lo < total; lo += CHUNK) {
    const hi = Math.min(total, lo + CHUNK);
    const c0 = performance.now();
    await db.query(ticketsSql(lo, hi, total, nowSql, areas, cats, a1, a2));
    await db.query(unitsSql(lo + 1, hi));
    await db.query(eventsSql(lo + 1, hi));
    await db.query(slaSql(lo + 1, hi));
    log(`  tickets ${hi}/${total} (${((performance.now() - c0) / 1000).toFixed(1)} s)`);
  }
  await db.query('DROP TABLE bench_seq, bench_area, bench_cat');
  log('  ANALYZE TABLE ...');
  await db.query('ANALYZE TABLE tickets, ticket_units, ticket_events, sla_assignments');
  const one = async (table: string): Promise<number> => {
    const [[row]] = (await db.query(`SELECT COUNT(*) AS c FROM ${table}`)) as unknown as [{ c: number }[]];
    return Number(row!.c);
  };
  return {
    tickets: await one('tickets'),
    ticketUnits: await one('ticket_units'),
    events: await one('ticket_events'),
    slaAssignments: await one('sla_assignments'),
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}

async function setupHelpers(db: Connection): Promise<void> {
  await db.query('DROP TABLE IF EXISTS bench_seq, bench_area, bench_cat');
  const digits =
    '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  await db.query('CREATE TABLE bench_seq (n INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB');
  await db.query(
    `INSERT INTO bench_seq (n) SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d
       FROM ${digits} a CROSS JOIN ${digits} b CROSS JOIN ${digits} c CROSS JOIN ${digits} e CROSS JOIN ${digits} f`,
  );
  // the grids with the township and village units over them; rn 0.. for the draws
  await db.query(
    `CREATE TABLE bench_area (rn INT UNSIGNED NOT NULL PRIMARY KEY, area_id INT UNSIGNED NOT NULL, name VARCHAR(100) NOT NULL,
       tu INT UNSIGNED NULL, vu INT UNSIGNED NULL, KEY (area_id)) ENGINE=InnoDB`,
  );
  await db.query('SET @rn := -1');
  await db.query(
    `INSERT INTO bench_area (rn, area_id, name, tu, vu)
     SELECT @rn := @rn + 1, q.id, q.name, q.tu, q.vu FROM (
       SELECT g.id, CONCAT(t.name, v.name, g.name) AS name,
         (SELECT MIN(u.id) FROM units u WHERE u.area_id = t.id AND u.kind = 'township') AS tu,
         (SELECT MIN(u.id) FROM units u WHERE u.area_id = v.id AND u.kind = 'village') AS vu
       FROM areas g JOIN areas v ON v.id = g.parent_id JOIN areas t ON t.id = v.parent_id
       WHERE g.level = 'grid' ORDER BY g.id) q`,
  );
  await db.query('DELETE FROM bench_area WHERE tu IS NULL');
  // leaf categories with the department that takes them by default
  await db.query(
    `CREATE TABLE bench_cat (rn INT UNSIGNED NOT NULL PRIMARY KEY, category_id INT UNSIGNED NOT NULL, name VARCHAR(100) NOT NULL,
       territorial TINYINT NOT NULL, unit_id INT UNSIGNED NULL) ENGINE=InnoDB`,
  );
  await db.query('SET @rn := -1');
  await db.query(
    `INSERT INTO bench_cat (rn, category_id, name, territorial, unit_id)
     SELECT @rn := @rn + 1, q.id, q.name, q.territorial, q.unit_id FROM (
       SELECT c.id, c.name, c.territorial,
         COALESCE(c.default_unit_id, (SELECT p.default_unit_id FROM categories p WHERE p.id = c.parent_id)) AS unit_id
       FROM categories c WHERE c.active = 1 AND NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id)
       ORDER BY c.id) q`,
  );
}

function ticketsSql(
  lo: number,
  hi: number,
  total: number,
  nowSql: string,
  areas: number,
  cats: number,
  a1: number,
  a2: number,
): string {
  const matters = MATTERS.map((m) => `'${m}'`).join(',');
  // draws: area skewed towards the first grids (busier townships), category skewed too
  const x = `SELECT s.n + ${lo} AS n,
      TIMESTAMPADD(SECOND, -FLOOR((${total} - (s.n + ${lo})) * ${SPAN_S} / ${total}) - ${draw('j', `s.n + ${lo}`)} % 30, '${nowSql}') AS created_at,
      FLOOR((${total} - (s.n + ${lo})) * ${SPAN_S} / ${total}) AS age_s,
      ${draw('r', `s.n + ${lo}`)} % 10000 AS r,
      ${draw('h', `s.n + ${lo}`)} AS h,
      ${draw('g', `s.n + ${lo}`)} AS g,
      FLOOR(POW(${draw('a', `s.n + ${lo}`)} / 4294967296, 1.6) * ${areas}) AS ai,
      FLOOR(POW(${draw('c', `s.n + ${lo}`)} / 4294967296, 1.4) * ${cats}) AS ci
    FROM bench_seq s WHERE s.n < ${hi - lo}`;
  const y = `SELECT x.*, ${statusCase()} AS status,
      TIMESTAMPADD(MINUTE, 5 + x.h % 115, x.created_at) AS d_at
    FROM (${x}) x`;
  const isIn = (xs: string[]): string => `z.status IN (${list(xs)})`;
  const acceptedAt = `TIMESTAMPADD(MINUTE, 10 + z.g % 230, z.d_at)`;
  const repliedAt = `LEAST('${nowSql}', TIMESTAMPADD(MINUTE, 600 + z.g % 12000, z.d_at))`;
  const closedAt = `LEAST('${nowSql}', TIMESTAMPADD(MINUTE, 1500 + z.h % 2800, z.d_at))`;
  const replied = `TIMESTAMPADD(MINUTE, 600 + z.g % 12000, z.d_at)`;
  return `INSERT INTO tickets (id, number, channel, source_line, caller_name, caller_phone, caller_confidential, title,
      description, address, area_id, category_id, appeal_type, urgency, status, pending_request, primary_unit_id,
      created_by, dispatched_at, accepted_at, first_contact_at, replied_at, closed_at, accept_due_at,
      first_contact_due_at, resolution_due_at, callback_due_at, next_deadline_at, sla_policy_version, version,
      created_at, updated_at)
    SELECT z.n + 1,
      CONCAT(DATE_FORMAT(TIMESTAMPADD(HOUR, 8, z.created_at), '%Y%m%d'), '-', LPAD(z.n % 1000000, 6, '0')),
      ELT(1 + z.h % 10, 'phone', 'phone', 'phone', 'phone', 'phone', 'phone', 'web', 'app', 'wechat', 'open311'),
      IF(z.g % 10 = 0, ELT(1 + z.h % 4, '12315', '12333', '12369', '12319'), '12345'),
      CONCAT(ELT(1 + z.g % 8, '张', '王', '李', '赵', '刘', '陈', '杨', '黄'), IF(z.h % 2 = 0, '先生', '女士')),
      CONCAT('1', 30 + z.g % 60, LPAD(z.h % 100000000, 8, '0')),
      z.r % 50 = 7,
      CONCAT(c.name, '：', LEFT(ELT(1 + z.g % ${MATTERS.length}, ${matters}), 12)),
      CONCAT('来电人反映：', a.name, '，', ELT(1 + z.g % ${MATTERS.length}, ${matters}),
        '。诉求编号', z.n, '，希望有关部门尽快核实处理并回复。'),
      CONCAT(a.name, z.h % 200 + 1, '号'),
      a.area_id, c.category_id,
      ELT(1 + z.h % 6, 'consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'),
      IF(z.r % 100 = 3, 'critical', IF(z.r % 10 = 4, 'urgent', 'normal')),
      z.status,
      CASE WHEN z.g % 100 < 6 AND z.status = 'assigned' THEN 'return'
           WHEN z.g % 100 < 4 AND z.status = 'accepted' THEN IF(z.h % 3 = 0, 'suspension', 'extension')
           ELSE NULL END,
      IF(${isIn(DISPATCHED)},
        CASE WHEN c.unit_id IS NOT NULL AND c.territorial = 0 THEN c.unit_id
             WHEN a.vu IS NOT NULL AND z.g % 10 < 3 THEN a.vu ELSE a.tu END, NULL),
      IF(z.h % 10 < 6, IF(z.g % 3 = 0, ${a2}, ${a1}), NULL),
      IF(${isIn(DISPATCHED)}, z.d_at, NULL),
      IF(${isIn(ACCEPTED)}, ${acceptedAt}, NULL),
      IF(${isIn(ACCEPTED)} AND (z.status <> 'accepted' OR z.g % 2 = 0), TIMESTAMPADD(MINUTE, 60, ${acceptedAt}), NULL),
      IF(${isIn(REPLIED)}, ${repliedAt}, NULL),
      CASE WHEN z.status = 'closed' THEN ${closedAt}
           WHEN z.status IN ('resolved_on_call', 'invalid', 'handed_over', 'merged')
             THEN TIMESTAMPADD(MINUTE, 3 + z.g % 30, z.created_at) ELSE NULL END,
      IF(${isIn(DISPATCHED)}, TIMESTAMPADD(HOUR, 2, z.d_at), NULL),
      IF(${isIn(DISPATCHED)}, TIMESTAMPADD(HOUR, 24, z.d_at), NULL),
      IF(${isIn(DISPATCHED)}, TIMESTAMPADD(DAY, 7, z.d_at), NULL),
      IF(z.status IN ('pending_callback', 'closed'), TIMESTAMPADD(DAY, 4, ${repliedAt}), NULL),
      CASE WHEN z.status = 'assigned' THEN TIMESTAMPADD(HOUR, 2, z.d_at)
           WHEN z.status = 'accepted' AND z.g % 2 = 1 THEN TIMESTAMPADD(HOUR, 24, z.d_at)
           WHEN z.status = 'accepted' THEN TIMESTAMPADD(DAY, 7, z.d_at)
           WHEN z.status = 'pending_callback' THEN TIMESTAMPADD(DAY, 4, ${replied})
           ELSE NULL END,
      IF(${isIn(DISPATCHED)}, 0, NULL),
      CASE WHEN z.status = 'closed' THEN 6 WHEN z.status IN (${list(REPLIED)}) THEN 5
           WHEN z.status IN (${list(ACCEPTED)}) THEN 4 WHEN z.status = 'assigned' THEN 3 ELSE 2 END,
      z.created_at,
      CASE WHEN z.status = 'closed' THEN ${closedAt} WHEN ${isIn(DISPATCHED)} THEN z.d_at ELSE z.created_at END
    FROM (${y}) z
    JOIN bench_area a ON a.rn = z.ai
    JOIN bench_cat c ON c.rn = z.ci`;
}

function unitsSql(lo: number, hi: number): string {
  // the primary unit, and for ~8 % of dispatched tickets a co-handler: the township of the place for a
  // department's ticket, the category's department (or market supervision) for a township's
  return `INSERT IGNORE INTO ticket_units (ticket_id, unit_id, unit_path, role, part, created_at)
    SELECT t.id, u.id, u.path, 'primary', NULL, t.dispatched_at
      FROM tickets t JOIN units u ON u.id = t.primary_unit_id
     WHERE t.id BETWEEN ${lo} AND ${hi} AND t.primary_unit_id IS NOT NULL
    UNION ALL
    SELECT t.id, co.id, co.path, 'co_handler', IF(t.status = 'closed', '已配合核查，情况属实', NULL), t.dispatched_at
      FROM tickets t
      JOIN units pu ON pu.id = t.primary_unit_id
      JOIN bench_area a ON a.area_id = t.area_id
      JOIN bench_cat c ON c.category_id = t.category_id
      JOIN units co ON co.id = IF(pu.kind = 'department', a.tu, COALESCE(c.unit_id, 2))
     WHERE t.id BETWEEN ${lo} AND ${hi} AND t.primary_unit_id IS NOT NULL AND ${draw('co', 't.id')} % 100 < 8
       AND co.id <> t.primary_unit_id`;
}

function eventsSql(lo: number, hi: number): string {
  const steps = [
    // k, action, from, to, when (on t), at
    [1, "'created'", 'NULL', "'new'", 'TRUE', 't.created_at'],
    [
      2,
      "'submit'",
      "'new'",
      "'pending_dispatch'",
      "t.status NOT IN ('new', 'resolved_on_call', 'invalid', 'handed_over')",
      'TIMESTAMPADD(SECOND, 40, t.created_at)',
    ],
    [3, "'dispatch'", "'pending_dispatch'", "'assigned'", 't.dispatched_at IS NOT NULL', 't.dispatched_at'],
    [4, "'accept'", "'assigned'", "'accepted'", 't.accepted_at IS NOT NULL', 't.accepted_at'],
    [5, "'reply'", "'accepted'", "'replied'", 't.replied_at IS NOT NULL', 't.replied_at'],
    [
      6,
      "'review'",
      "'replied'",
      "'pending_callback'",
      "t.status IN ('pending_callback', 'closed')",
      'TIMESTAMPADD(MINUTE, 30, t.replied_at)',
    ],
    [7, "'callback'", "'pending_callback'", "'closed'", "t.status = 'closed'", 't.closed_at'],
    [
      8,
      "REPLACE(REPLACE(t.status, '_', '-'), 'resolved-on-call', 'resolve-on-call')",
      "'new'",
      't.status',
      "t.status IN ('resolved_on_call', 'invalid', 'handed_over')",
      't.closed_at',
    ],
    [9, "'merge'", "'pending_dispatch'", "'merged'", "t.status = 'merged'", 't.closed_at'],
  ] as const;
  const k = steps.map((s, i) => (i === 0 ? `SELECT ${s[0]} AS k` : `SELECT ${s[0]}`)).join(' UNION ALL ');
  const pick = (col: number): string => `CASE s.k ${steps.map((s) => `WHEN ${s[0]} THEN ${s[col]}`).join(' ')} END`;
  const when = steps.map((s) => `(s.k = ${s[0]} AND ${s[4]})`).join(' OR ');
  return `INSERT INTO ticket_events (ticket_id, action, actor_user_id, actor_unit_id, from_status, to_status, reason, payload, created_at)
    SELECT t.id, ${pick(1)},
      CASE WHEN s.k IN (1, 2, 7, 8) THEN t.created_by ELSE NULL END,
      CASE WHEN s.k IN (4, 5) THEN t.primary_unit_id ELSE NULL END,
      ${pick(2)}, ${pick(3)},
      CASE WHEN s.k = 8 AND t.status = 'invalid' THEN '无效来电' ELSE NULL END,
      CASE WHEN s.k = 3 THEN CONCAT('{"unitId":', t.primary_unit_id, '}')
           WHEN s.k = 7 THEN '{"solved":true,"satisfaction":"satisfied"}' ELSE NULL END,
      ${pick(5)}
    FROM tickets t JOIN (${k}) s ON (${when})
    WHERE t.id BETWEEN ${lo} AND ${hi}
    ORDER BY t.id, s.k`;
}

function slaSql(lo: number, hi: number): string {
  return `INSERT INTO sla_assignments (ticket_id, unit_id, policy_version, clocks, dispatched_at, accept_started_at,
      accept_due_at, accepted_at, first_contact_due_at, first_contact_at, resolution_started_at, resolution_due_at,
      replied_at, first_replied_at, callback_started_at, callback_due_at, suspended_at, callbacks, callbacks_solved,
      callbacks_satisfied, ended_at, next_deadline_at, next_warning_at, created_at, updated_at)
    SELECT t.id, t.primary_unit_id, 0, '${CLOCKS}', t.dispatched_at, t.dispatched_at, t.accept_due_at, t.accepted_at,
      t.first_contact_due_at, t.first_contact_at, t.dispatched_at, t.resolution_due_at, t.replied_at, t.replied_at,
      IF(t.status IN ('pending_callback', 'closed'), TIMESTAMPADD(MINUTE, 30, t.replied_at), NULL), t.callback_due_at,
      IF(t.status = 'suspended', t.accepted_at, NULL),
      t.status = 'closed', t.status = 'closed', t.status = 'closed',
      IF(t.status = 'closed', t.closed_at, NULL),
      IF(t.status IN ('assigned', 'accepted'), t.next_deadline_at, NULL),
      IF(t.status IN ('assigned', 'accepted'), TIMESTAMPADD(MINUTE, -30, t.next_deadline_at), NULL),
      t.dispatched_at, t.updated_at
    FROM tickets t
    WHERE t.id BETWEEN ${lo} AND ${hi} AND t.dispatched_at IS NOT NULL
    ORDER BY t.id`;
}

import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import request from 'supertest';
import type { App } from 'supertest/types';
import { signCtiBody } from '../../../src/calls/cti-signature';
import { APP_CONFIG } from '../../../src/config/config.module';
import type { AppConfig } from '../../../src/config/env.schema';
import { bearer, createTestApp, DEMO_PASSWORD } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';

/**
 * The consoles in a real browser (Debian's Chromium, driven by playwright-core) against the real app:
 * an agent registers a call, a dispatcher dispatches it, the unit's clerk sees it arrive without a
 * reload and signs for it, and the agent's and the supervisor's screens follow without a reload.
 *
 * `?pollMs=1000`: where the realtime gateway is missing or unreachable the consoles fall back to
 * polling; one second here (five in normal use) keeps the 2-second arrival bound either way.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };
/** A vague appeal the classifier cannot place with confidence, so the ticket waits in the pool. */
const VAGUE_APPEAL = '来电人反映一件事情，情况较复杂，需要人工进一步了解核实后再确定办理部门';

jest.setTimeout(180_000);

describe('Web consoles (browser e2e)', () => {
  let app: INestApplication<App>;
  let browser: Browser;
  let base: string;
  let t: Tokens;
  let d: TicketDriver;

  beforeAll(async () => {
    // the consoles are static files built by tsc: build them as `npm run build` would
    execFileSync(process.execPath, [join(ROOT, 'src/console/web/build.mjs')], { stdio: 'pipe' });
    mkdirSync(SHOTS, { recursive: true });
    app = await createTestApp();
    await app.listen(0);
    base = `http://127.0.0.1:${((app.getHttpServer() as unknown as Server).address() as AddressInfo).port}`;
    t = await loginAll(app);
    d = new TicketDriver(app);
    // every launch gets a fresh temporary profile (user-data-dir) from Playwright
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A console of its own (browser context = its own sessionStorage), signed in as `username`. */
  async function openConsole(username: string, options: { blockRealtime?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    // as behind a proxy that refuses WebSockets, or before the gateway existed
    if (options.blockRealtime) await context.route('**/socket.io/**', (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
    await page.goto(`${base}/console/?pollMs=1000`);
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('.who-name');
    // survives only as long as the page is not reloaded: checked at the end of the flow
    await page.evaluate(() => Object.assign(globalThis, { noReloadMarker: true }));
    return page;
  }

  /**
   * Where the classify/dispatch pipeline runs, it writes its suggestion onto a submitted ticket: wait
   * until the ticket stops changing, then dispatch on its current version (retrying a lost race).
   */
  async function submitAndDispatchToMarket(id: number): Promise<void> {
    await d.ok(t.agent, id, 'submit');
    await settle(() => d.version(id));
    const market = await unitId(app, 'dept-market');
    for (let attempt = 1; ; attempt++) {
      const response = await d.act(t.dispatcher, id, 'dispatch', { unitId: market });
      if (response.status === 200) return;
      if (response.body.code !== 'TICKET_VERSION_CONFLICT' || attempt === 5) {
        throw new Error(`dispatch: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
  }

  const notReloaded = (page: Page): Promise<boolean> =>
    page.evaluate(() => (globalThis as { noReloadMarker?: boolean }).noReloadMarker === true);

  const shoot = (page: Page, name: string): Promise<Buffer> =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

  const kpi = async (page: Page, status: string): Promise<number> =>
    Number(await page.textContent(`.kpi[data-status="${status}"] .kpi-value`));

  it('should serve the console page for every console route, its files, and no stray paths', async () => {
    const server = app.getHttpServer();
    const page = await request(server).get('/console/clerk').expect(200);
    expect(page.text).toContain('<div id="app">');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    await request(server).get('/console').expect(200);
    const script = await request(server).get('/console/main.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers.etag).toBeDefined();
    await request(server).get('/console/missing.js').expect(404);
    await request(server).get('/console/.env').expect(404);
    // the API stays under /api: the console's fallback does not swallow it
    await request(server).get('/api/tickets').expect(401);
  });

  it('should list in the ticket detail the actions this user may take now', async () => {
    const { id } = await d.create(t.agent, { description: VAGUE_APPEAL });
    expect((await d.get(t.agent, id).expect(200)).body.allowedActions).toEqual(
      expect.arrayContaining(['submit', 'resolve-on-call', 'mark-invalid', 'hand-over']),
    );
    await submitAndDispatchToMarket(id);
    const clerkView = (await d.get(t.market, id).expect(200)).body as {
      allowedActions: string[];
      caller: { phone: string };
    };
    expect([...clerkView.allowedActions].sort()).toEqual(['accept', 'request-return']);
    expect(clerkView.caller.phone).toBe('138****5678');
    const supervisorView = (await d.get(t.supervisor, id).expect(200)).body as { allowedActions: string[] };
    expect([...supervisorView.allowedActions].sort()).toEqual(['supervise', 'urge']);
  });

  it('should carry a call from the agent through dispatch to the clerk, live on every console', async () => {
    const clerk = await openConsole('clerk-dept-market');
    await clerk.waitForSelector('.list-head .count');
    const supervisor = await openConsole('supervisor');
    await supervisor.waitForSelector('.kpi[data-status="assigned"]');
    const agent = await openConsole('agent');

    // the agent registers the call and submits it for dispatch
    await agent.waitForSelector('.intake');
    await agent.fill('input[name=callerName]', '李女士');
    // typed in groups, as callers say it: the number is stored without the spaces
    await agent.fill('input[name=callerPhone]', '138 1234 5678');
    await agent.fill('textarea[name=description]', VAGUE_APPEAL);
    await agent.waitForSelector('select[name="areaId-township"] option:nth-child(2)', { state: 'attached' });
    await agent.selectOption('select[name="areaId-township"]', { index: 1 });
    await agent.selectOption('select[name=appealType]', 'help');
    // live advice while typing, where the intake suggestions API runs (it may be absent: then no panel)
    const advice = await agent.waitForSelector('#intake-advice:not([hidden])', { timeout: 5000 }).catch(() => null);
    await shoot(agent, advice ? 'agent-intake-advice' : 'agent-intake');
    await agent.click('#btn-submit-dispatch');
    const heading = await agent.waitForSelector('.ticket-panel .tp-head h2');
    const number = ((await heading.textContent()) ?? '').replace('工单 ', '').trim();
    expect(number).toMatch(/^\d{8}-\d{6}$/);
    await agent.waitForSelector('.ticket-panel .badge.status-pending_dispatch');
    await shoot(agent, 'agent');
    await agent.click('a.side-link:has-text("我的工单")');
    await agent.waitForSelector(`tr[data-number="${number}"][data-status="pending_dispatch"]`);
    const id = Number(await agent.getAttribute(`tr[data-number="${number}"]`, 'data-ticket-id'));
    // the classify/dispatch pipeline (where it runs) may still be writing its suggestion: let it settle,
    // so the dispatcher below acts on the ticket's final version, as a person a few seconds later would
    await settle(() =>
      d.get(t.supervisor, id).then((r) => r.body as { events: { action: string }[]; classification: unknown }),
    );

    const assignedBefore = await kpi(supervisor, 'assigned');
    const acceptedBefore = await kpi(supervisor, 'accepted');

    // the dispatcher picks it from the pool and dispatches it to 县市场监管局
    const dispatcher = await openConsole('dispatcher');
    await dispatcher.click(`tr[data-number="${number}"]`);
    await dispatcher.waitForSelector('.ticket-panel button[data-action="dispatch"]');
    await shoot(dispatcher, 'dispatcher');
    await dispatcher.click('.ticket-panel button[data-action="dispatch"]');
    await dispatcher.fill('[data-picker="unitId"] input[type=search]', '市场监督');
    await dispatcher.click('[data-picker="unitId"] .picker-row:has-text("会泽县市场监督管理局")');
    await dispatcher.waitForSelector('[data-picker="unitId"] .chip:has-text("会泽县市场监督管理局")');
    await shoot(dispatcher, 'dispatcher-dialog');
    await dispatcher.click('dialog button[type=submit]');
    await dispatcher.waitForSelector('.ticket-panel .badge.status-assigned');
    const dispatchedAt = Date.now();

    // within 2 seconds it is in the clerk's inbox, highlighted, with a chime, without a reload
    await clerk.waitForSelector(`tr.row-new[data-number="${number}"]`, { timeout: 2000 });
    const arrivedAfterMs = Date.now() - dispatchedAt;
    expect(arrivedAfterMs).toBeLessThanOrEqual(2000);
    expect(Number(await clerk.getAttribute('body', 'data-chimes'))).toBeGreaterThanOrEqual(1);
    await shoot(clerk, 'clerk-arrival');

    // the clerk opens it: the number is masked; the clerk signs for it, then reveals the number once
    await clerk.click(`tr[data-number="${number}"]`);
    await clerk.waitForSelector('.ticket-panel .phone:has-text("138****5678")');
    await clerk.click('.ticket-panel button[data-action="accept"]');
    await clerk.waitForSelector('.ticket-panel .badge.status-accepted');
    await clerk.click('.ticket-panel button:has-text("查看号码")');
    await clerk.fill('dialog textarea[name=reason]', '需电话联系来电人核实地点');
    await clerk.click('dialog button[type=submit]');
    await clerk.waitForSelector('.ticket-panel .revealed:has-text("13812345678")');
    // the reveal's own live event must not wipe the number before the clerk has dialled: only time tells
    await clerk.waitForTimeout(1500);
    expect(await clerk.textContent('.ticket-panel .revealed')).toContain('13812345678');
    await clerk.waitForSelector('.ticket-panel .tl-item[data-action="accept"]');
    await shoot(clerk, 'clerk');

    // the agent's list and the supervisor's board follow without a reload
    await agent.waitForSelector(`tr[data-number="${number}"][data-status="accepted"]`, { timeout: 5000 });
    await shoot(agent, 'agent-mine');
    await waitUntil(
      async () => (await kpi(supervisor, 'accepted')) === acceptedBefore + 1,
      'supervisor board: 办理中 +1',
    );
    expect(await kpi(supervisor, 'assigned')).toBe(assignedBefore);
    await shoot(supervisor, 'supervisor');
    // where the SLA module serves the board, its exports are offered and download as xlsx
    if (await supervisor.$('[data-export="units"]')) {
      const [download] = await Promise.all([
        supervisor.waitForEvent('download'),
        supervisor.click('[data-export="units"]'),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    }

    for (const page of [agent, dispatcher, clerk, supervisor]) expect(await notReloaded(page)).toBe(true);
    console.log(
      `console e2e: ticket ${number} reached the clerk ${arrivedAfterMs} ms after dispatch; live mode: ${await clerk.textContent('.live')}`,
    );
  });

  it('should pop up the incoming call for its agent and answer it on the call (即时办结)', async () => {
    const agent = await openConsole('agent');
    await agent.waitForSelector('.call-panel');
    // the telephony system reports the call ringing at this agent's desk (signed webhook)
    const raw = JSON.stringify({
      callId: `console-e2e-${Date.now()}`,
      sourceLine: '12315',
      callerPhone: '13900001111',
      agentUsername: 'agent',
      event: 'ringing',
      ringAt: new Date().toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    await request(app.getHttpServer())
      .post('/api/cti/calls')
      .set('Content-Type', 'application/json')
      .set('X-CTI-Timestamp', String(timestamp))
      .set('X-CTI-Signature', signCtiBody(app.get<AppConfig>(APP_CONFIG).CTI_SECRET, timestamp, raw))
      .send(raw)
      .expect(201);
    await agent.waitForSelector('.call-panel .call-phone:has-text("13900001111")', { timeout: 5000 });
    await agent.click('.call-panel button:has-text("带入受理表单")');
    expect(await agent.inputValue('input[name=callerPhone]')).toBe('13900001111');
    expect(await agent.inputValue('select[name=sourceLine]')).toBe('12315');
    await agent.fill('textarea[name=description]', '咨询办理个体工商户营业执照需要带哪些材料');
    await agent.click('.form-actions button:has-text("即时办结")');
    await agent.fill('dialog textarea[name=content]', '已告知：身份证、经营场所证明，到县政务服务中心市场监管窗口办理');
    await agent.click('dialog button[type=submit]');
    await agent.waitForSelector('.ticket-panel .badge.status-resolved_on_call');
    expect(await agent.inputValue('textarea[name=description]')).toBe('');
  });

  it('should close the loop in the consoles: extension, reply, review and callback', async () => {
    const { id } = await d.create(t.agent, { description: VAGUE_APPEAL });
    await submitAndDispatchToMarket(id);
    await d.ok(t.market, id, 'accept');
    const row = `tr[data-ticket-id="${id}"]`;

    // the unit asks for three more working days; the supervisor approves
    const clerk = await openConsole('clerk-dept-market');
    await clerk.click(row);
    await clerk.click('.ticket-panel button[data-action="request-extension"]');
    await clerk.fill('dialog input[name=extensionDays]', '3');
    await clerk.fill('dialog textarea[name=reason]', '需协调商户整改，预计下周完成');
    await clerk.click('dialog button[type=submit]');
    await clerk.waitForSelector('.ticket-panel .badge.pending:has-text("延期待批")');
    const supervisor = await openConsole('supervisor');
    await supervisor.click('a.side-link:has-text("延期/中止审批")');
    await supervisor.click(row);
    await supervisor.click('.ticket-panel button[data-action="decide-extension"]');
    await supervisor.click('dialog button[type=submit]');
    await supervisor.waitForSelector('.ticket-panel .tl-item[data-action="decide-extension"]');
    // the clerk's open ticket follows the decision without a reload
    await clerk.waitForSelector('.ticket-panel .badge.pending', { state: 'detached', timeout: 5000 });
    await clerk.waitForSelector('.ticket-panel .tl-item[data-action="decide-extension"]');

    // the unit replies; the supervisor approves the reply; the agent calls the citizen back
    await clerk.click('.ticket-panel button[data-action="reply"]');
    await clerk.fill('dialog textarea[name=content]', '已约谈商户，油烟净化设备已安装，现场复查合格');
    await clerk.click('dialog button[type=submit]');
    await clerk.waitForSelector('.ticket-panel .badge.status-replied');
    await supervisor.click('a.side-link:has-text("回复审核")');
    await supervisor.click(row);
    await supervisor.click('.ticket-panel button[data-action="review"]');
    await supervisor.click('dialog button[type=submit]');
    await supervisor.waitForSelector('.ticket-panel .badge.status-pending_callback');
    const agent = await openConsole('agent');
    await agent.click('a.side-link:has-text("待回访")');
    await agent.click(row);
    await agent.click('.ticket-panel button[data-action="callback"]');
    await agent.selectOption('dialog select[name=solved]', 'yes');
    await agent.selectOption('dialog select[name=satisfaction]', 'satisfied');
    await agent.click('dialog button[type=submit]');
    await agent.waitForSelector('.ticket-panel .badge.status-closed');
    await shoot(agent, 'agent-callback');
    expect(await d.status(id)).toBe('closed');
    await d.expectTimelineReplays(id);
  });

  it('should fall back to polling, still within 2 seconds, when the realtime gateway is unreachable', async () => {
    const clerk = await openConsole('clerk-dept-market', { blockRealtime: true });
    await clerk.waitForSelector('.list-head .count');
    expect(await clerk.textContent('.live')).toBe('定时刷新');
    const { id } = await d.create(t.agent, { description: VAGUE_APPEAL });
    await submitAndDispatchToMarket(id);
    const dispatchedAt = Date.now();
    await clerk.waitForSelector(`tr.row-new[data-ticket-id="${id}"]`, { timeout: 2000 });
    expect(Date.now() - dispatchedAt).toBeLessThanOrEqual(2000);
    expect(await clerk.textContent('.live')).toBe('定时刷新');
  });

  it('should show a confidential caller as 保密 to the unit', async () => {
    const { id } = await d.create(t.agent, { description: VAGUE_APPEAL, callerConfidential: true });
    await submitAndDispatchToMarket(id);
    const clerk = await openConsole('clerk-dept-market');
    await clerk.click(`tr[data-ticket-id="${id}"]`);
    await clerk.waitForSelector('.ticket-panel .facts .badge.secret');
    expect(await clerk.textContent('.ticket-panel .facts')).not.toContain('13812345678');
    expect(await clerk.$('.ticket-panel button:has-text("查看号码")')).toBeNull();
  });

  it("should find a caller's tickets by their number on the supervisor's search page", async () => {
    const callers = await d.create(t.agent, { description: VAGUE_APPEAL, callerPhone: '13755550001' });
    const another = await d.create(t.agent, { description: VAGUE_APPEAL, callerPhone: '13755550002' });
    const supervisor = await openConsole('supervisor');
    await supervisor.click('a.side-link:has-text("工单查询与督办")');
    await supervisor.waitForSelector(`tr[data-ticket-id="${another.id}"]`);
    const search = supervisor.locator('input[aria-label="搜索"]');
    await search.fill('137-5555-0001');
    await search.press('Enter');
    await waitUntil(async () => (await supervisor.locator('tr[data-ticket-id]').count()) === 1, 'the search by number');
    expect(await supervisor.getAttribute('tr[data-ticket-id]', 'data-ticket-id')).toBe(String(callers.id));
  });

  it("should let the admin enter a year's holiday notice and a single day's change on the calendar page", async () => {
    const admin = await openConsole('admin');
    await admin.click('a.side-link:has-text("节假日安排")');
    await admin.waitForSelector('.calendar-coverage:has-text("办理时限")');
    try {
      await admin.click('button:has-text("录入年度通知")');
      // 2031: a year no calendar data covers yet; the arrangement is made up for the test
      await admin.fill('dialog input[name=year]', '2031');
      await admin.fill('dialog input[name=source]', '测试用年度安排');
      await admin.fill('dialog textarea[name=holidays]', '元旦 2031-01-01\n春节 2031-01-22 2031-01-28');
      await admin.fill('dialog input[name=makeUpWorkdays]', '2031-01-20');
      await admin.click('dialog button[type=submit]');
      await admin.waitForSelector('dialog .form-error:has-text("2031-01-20 是星期一，调休上班日应为周六或周日")');
      await admin.fill('dialog input[name=makeUpWorkdays]', '2031-01-19');
      await shoot(admin, 'admin-calendar-dialog');
      await admin.click('dialog button[type=submit]');
      const row = admin.locator('tr[data-year="2031"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('春节 01-22至01-28');
      const stored = await request(app.getHttpServer()).get('/api/admin/calendar-years').set(bearer(t.admin));
      expect(stored.body).toEqual([
        expect.objectContaining({
          year: 2031,
          holidays: [
            { name: '元旦', from: '2031-01-01', to: '2031-01-01' },
            { name: '春节', from: '2031-01-22', to: '2031-01-28' },
          ],
          makeUpWorkdays: ['2031-01-19'],
          source: '测试用年度安排',
        }),
      ]);
      await shoot(admin, 'admin-calendar');
      await row.locator('button:has-text("删除")').click();
      await admin.click('dialog button[type=submit]');
      await admin.waitForSelector('.empty:has-text("尚未录入任何年度通知")');

      // a single day of the county's own, and the same day again
      for (const attempt of [1, 2]) {
        await admin.click('button:has-text("新增单日调整")');
        await admin.fill('dialog input[name=date]', '2031-03-03');
        await admin.selectOption('dialog select[name=kind]', 'holiday');
        await admin.fill('dialog input[name=note]', '县庆放假一天（测试）');
        await admin.click('dialog button[type=submit]');
        if (attempt === 2) {
          await admin.waitForSelector('dialog .form-error:has-text("该日期已有单日调整")');
          await admin.click('dialog button:has-text("取消")');
        }
      }
      const day = admin.locator('tr[data-override-id]');
      await day.waitFor();
      expect(await day.textContent()).toContain('2031-03-03（星期一）放假县庆放假一天（测试）');
      await shoot(admin, 'admin-calendar-overrides');
      await day.locator('button:has-text("删除")').click();
      await admin.click('dialog button[type=submit]');
      await admin.waitForSelector('.empty:has-text("该年没有单日调整")');
    } finally {
      const server = app.getHttpServer();
      await request(server).delete('/api/admin/calendar-years/2031').set(bearer(t.admin));
      const left = await request(server).get('/api/admin/calendar-overrides?year=2031').set(bearer(t.admin));
      for (const o of left.body as { id: number }[])
        await request(server).delete(`/api/admin/calendar-overrides/${o.id}`).set(bearer(t.admin));
    }
  });

  it('should render the admin console and the supervisor pages in Chinese', async () => {
    const admin = await openConsole('admin');
    await admin.waitForSelector('.tree .tree-row');
    await admin.click('.tree-toggle');
    await admin.waitForSelector('.tree .tree .tree-row');
    await shoot(admin, 'admin');
    await admin.click('a.side-link:has-text("用户")');
    await admin.waitForSelector('tr[data-user-id]');
    await shoot(admin, 'admin-users');
    await admin.click('a.side-link:has-text("分类 / 时限 / 权责")');
    await admin.waitForSelector('#card-categories .muted, #card-categories .not-yet');
    await shoot(admin, 'admin-catalog');
    const login = await (await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' })).newPage();
    await login.goto(`${base}/console/`);
    await login.waitForSelector('.login-card');
    await shoot(login, 'login');
    // a user holding several roles gets a tab per role, each opening that role's console
    await request(app.getHttpServer())
      .post('/api/admin/users')
      .set(bearer(t.admin))
      .send({
        username: 'console-duty',
        displayName: '值班长 周敏',
        password: DEMO_PASSWORD,
        roles: ['agent', 'supervisor'],
      })
      .expect(201);
    const duty = await openConsole('console-duty');
    expect(await duty.locator('.role-tabs .tab').allTextContents()).toEqual(['话务员', '督办员']);
    await duty.click('.role-tabs .tab:has-text("督办员")');
    await duty.waitForSelector('.kpi[data-status="accepted"]');
    // signing out returns to the login page; the next user of the tab gets their own consoles only
    await duty.click('.top button:has-text("退出")');
    await duty.waitForSelector('.login-card');
    await duty.fill('#username', 'dispatcher');
    await duty.fill('#password', DEMO_PASSWORD);
    await duty.click('button[type=submit]');
    await duty.waitForSelector('.list-head h2:has-text("派单池")');
    expect(await duty.locator('.role-tabs .tab').allTextContents()).toEqual(['分办员']);
    // the API refuses admin pages to others, and the console offers them only to admins
    const response = await request(app.getHttpServer()).get('/api/admin/users').set(bearer(t.agent));
    expect(response.status).toBe(403);
  });
});

/** Polls until `check` holds (bounded), as the users' screens do. */
async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits (bounded) until the ticket's version stops moving for a second. */
async function settle(read: () => Promise<unknown>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = JSON.stringify(await read());
  let stableSince = Date.now();
  while (Date.now() < until && Date.now() - stableSince < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = JSON.stringify(await read());
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}

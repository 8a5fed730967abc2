import type { TicketLiveEvent } from '../../../src/realtime/realtime-events';
import { waitFor } from '../../wait-for';
import { AppProcess, buildOnce, freePort } from '../../processes';
import { LiveConsole } from './live-console';

/**
 * Two api processes and one worker, as deployed: a console on api B follows a ticket created and
 * dispatched through api A, while only the worker runs the outbox relay (and so the publisher).
 */
describe('Realtime across processes (e2e)', () => {
  const PER_USER = 3;
  let apiA: AppProcess;
  let apiB: AppProcess;
  let worker: AppProcess;
  let urlA: string;
  let urlB: string;
  const consoles: LiveConsole[] = [];

  const call = async <T>(url: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = (username: string): Promise<string> =>
    call<{ accessToken: string }>(urlA, '/auth/login', null, { username, password: process.env.DEMO_PASSWORD }).then(
      (r) => r.accessToken,
    );
  const act = async (token: string, id: number, action: string, body: Record<string, unknown> = {}): Promise<void> => {
    const { version } = await call<{ version: number }>(urlA, `/tickets/${id}`, token);
    await call(urlA, `/tickets/${id}/actions/${action}`, token, { version, ...body });
  };
  const open = async (url: string, token: string): Promise<LiveConsole> => {
    const live = new LiveConsole(url, { token });
    consoles.push(live);
    await live.connect();
    return live;
  };

  beforeAll(async () => {
    buildOnce();
    const [portA, portB] = [await freePort(), await freePort()];
    urlA = `http://127.0.0.1:${portA}`;
    urlB = `http://127.0.0.1:${portB}`;
    const env = { REALTIME_MAX_CONNECTIONS_PER_USER: String(PER_USER) };
    apiA = new AppProcess('api', { ...env, PORT: String(portA) });
    apiB = new AppProcess('api', { ...env, PORT: String(portB) });
    worker = new AppProcess('worker', env);
    await Promise.all([apiA.ready(urlA), apiB.ready(urlB)]);
  }, 180_000);

  afterAll(async () => {
    for (const live of consoles) live.close();
    await Promise.all([apiA, apiB, worker].filter(Boolean).map((p) => p.stop()));
  }, 60_000);

  it('should bring a ticket dispatched through api A to a console on api B, published by the worker', async () => {
    const [agent, dispatcher, market, hrss] = await Promise.all(
      ['agent', 'dispatcher', 'clerk-dept-market', 'clerk-dept-hrss'].map(login),
    );
    const [marketOnB, hrssOnB, dispatcherOnB] = await Promise.all([
      open(urlB, market),
      open(urlB, hrss),
      open(urlB, dispatcher),
    ]);
    const units = await call<{ items: { id: number; code: string }[] }>(
      urlA,
      '/admin/units?limit=100',
      await login('admin'),
    );
    const marketId = units.items.find((u) => u.code === 'dept-market')?.id;
    if (!marketId) throw new Error('no dept-market unit');

    const { id } = await call<{ id: number }>(urlA, '/tickets', agent, {
      description: '超市货架上销售过期食品，要求市场监管部门查处',
      callerPhone: '13812345678',
    });
    await act(agent, id, 'submit');
    await dispatcherOnB.waitForEvent((e) => e.ticketId === id && e.type === 'pool.changed', 'the pool entry', 30_000);
    await act(dispatcher, id, 'dispatch', { unitId: marketId });

    const assigned = (await marketOnB.waitForEvent(
      (e) => e.ticketId === id && e.type === 'ticket.assigned',
      'ticket.assigned on api B',
      30_000,
    )) as TicketLiveEvent;
    expect(assigned.data.ticket).toMatchObject({ status: 'assigned', primaryUnitId: marketId });
    expect(assigned.data.ticket.caller?.phone).toBe('138****5678');
    await dispatcherOnB.waitForEvent((e) => e.ticketId === id && e.data.action === 'dispatch', 'the pool exit');
    expect(hrssOnB.of(id)).toEqual([]);

    // the api processes run no relay: with the worker stopped an urge commits but reaches nobody,
    // and a new worker delivers it from the outbox
    expect(await worker.stop()).toBe(true);
    const supervisor = await login('supervisor');
    await act(supervisor, id, 'urge');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(marketOnB.of(id).filter((e) => e.data.action === 'urge')).toEqual([]);
    worker = new AppProcess('worker', { REALTIME_MAX_CONNECTIONS_PER_USER: String(PER_USER) });
    await marketOnB.waitForEvent(
      (e) => e.ticketId === id && e.data.action === 'urge',
      'the urge after restart',
      30_000,
    );
  }, 90_000);

  it("should count a user's consoles across every api process", async () => {
    const token = await login('clerk-dept-hrss');
    const already = consoles.filter((c) => c.socket.connected).length;
    for (let i = 0; i < PER_USER - 1; i++) await open(i % 2 ? urlA : urlB, token);
    const extra = new LiveConsole(urlA, { token });
    consoles.push(extra);
    await expect(extra.connect()).rejects.toMatchObject({ message: 'TOO_MANY_CONNECTIONS' });
    expect(already).toBeGreaterThan(0);
  });

  it('should close the consoles and its connections when an api process stops', async () => {
    const onB = consoles.filter((c) => c.socket.connected && c.url === urlB);
    expect(onB.length).toBeGreaterThan(0);
    expect(await apiB.stop()).toBe(true);
    await waitFor(() => Promise.resolve(onB.every((c) => !c.socket.connected)), { what: 'the consoles of B to close' });
  }, 30_000);
});

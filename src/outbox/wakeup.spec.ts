import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settled = async (p: Promise<void>): Promise<boolean> => {
    let done = false;
    void p.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('should sleep the whole time when nothing nudges', async () => {
    const w = new Wakeup();
    w.clear();
    const sleep = w.sleep(250);
    jest.advanceTimersByTime(249);
    expect(await settled(sleep)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(sleep)).toBe(true);
  });

  it('should end a sleep at a nudge', async () => {
    const w = new Wakeup();
    w.clear();
    const sleep = w.sleep(250);
    w.nudge();
    expect(await settled(sleep)).toBe(true);
  });

  it('should not start a sleep after a nudge that came during the round', async () => {
    const w = new Wakeup();
    w.clear(); // a round starts
    w.nudge(); // a commit's message while the round runs
    expect(await settled(w.sleep(250))).toBe(true);
  });

  it('should sleep again once a round has answered the nudge', async () => {
    const w = new Wakeup();
    w.nudge();
    w.clear(); // the next round looks for work after the nudge
    expect(await settled(w.sleep(250))).toBe(false);
  });
});

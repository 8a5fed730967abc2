/**
 * The relay's sleep between rounds: a nudge (a commit's wake-up message) ends it early, and a nudge
 * that comes while the relay is busy with a round is kept, so the next sleep does not start at all.
 * Without that, rows committed during a round waited for the next message or the poll.
 */
export class Wakeup {
  private nudged = false;
  private wake: (() => void) | null = null;

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Called before a round looks for work: the nudges so far are answered by that look. */
  clear(): void {
    this.nudged = false;
  }

  /** Resolves after `ms`, at the first nudge, or at once when a nudge came since the last clear. */
  sleep(ms: number): Promise<void> {
    if (this.nudged) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

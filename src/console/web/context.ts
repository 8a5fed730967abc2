import type { LiveUpdates } from './live.js';
import type { AuthUser, Unit } from './types.js';

/** What every console page gets: who is signed in, their unit, and the live-update feed. */
export interface ConsoleContext {
  user: AuthUser;
  unit: Unit | null;
  live: LiveUpdates;
}

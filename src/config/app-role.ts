/**
 * Whether this process runs the background work (queue processors, outbox relay, sweepers):
 * the `worker` and `all` roles do, `api` does not. Read when modules are declared, so a module
 * can leave its processors out of an api process. It reads the raw variable on purpose: a bad
 * value is reported by `loadConfig` at start, with every other bad key, not by a stack trace here.
 */
export function runsWorkers(): boolean {
  return (process.env.APP_ROLE ?? 'all') !== 'api';
}

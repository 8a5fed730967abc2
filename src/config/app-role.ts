import { loadConfig } from './env.schema';

/**
 * Whether this process runs the background work (queue processors, outbox relay, sweepers):
 * the `worker` and `all` roles do, `api` does not. Read when modules are declared, so a module
 * can leave its processors out of an api process.
 */
export function runsWorkers(): boolean {
  return loadConfig().APP_ROLE !== 'api';
}

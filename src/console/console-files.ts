import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/**
 * How a request under /console maps onto the built console (dist/console-web). The file names are
 * not fingerprinted, so every response is revalidated (`no-cache` + ETag): a console left open all
 * day must pick up a deploy at its next reload instead of mixing yesterday's modules with today's.
 */
export type ConsoleTarget = { kind: 'index' } | { kind: 'asset'; file: string } | { kind: 'refused' };

/** Paths with an extension are files (a missing one is a 404); anything else is a console route (SPA). */
export function consoleTargetOf(segments: readonly string[]): ConsoleTarget {
  const parts = segments.filter((s) => s !== '');
  if (parts.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return { kind: 'refused' };
  if (parts.length === 0) return { kind: 'index' };
  const file = parts.join('/');
  return posix.extname(file) === '' ? { kind: 'index' } : { kind: 'asset', file };
}

export const CONSOLE_CACHE_CONTROL = 'no-cache';

/**
 * The console speaks only to its own origin. Styles and scripts come from files (no inline code), so a
 * citizen's text shown in a ticket can never run as script even if a renderer slipped.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Finds dist/console-web from wherever this file runs (dist/src/console when built, src/console under
 * the tests): the first folder upwards that holds package.json is the project root.
 */
export function consoleWebRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(start, 'console-web');
    dir = parent;
  }
  return join(dir, 'dist', 'console-web');
}

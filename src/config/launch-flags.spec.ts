import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A role's node flags (the heap cap above all, see README "Memory") are written in two places a
 * deployment uses: package.json's start scripts and docker/Dockerfile's CMD. The bench reads the
 * former. They must not drift apart.
 */
const ROOT = join(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');

function nodeFlags(command: string, entry: string): string[] {
  const launch = new RegExp(`node ((?:--\\S+ )*)dist/src/${entry.replace('.', '\\.')}`).exec(command);
  if (!launch) throw new Error(`no launch of dist/src/${entry} in: ${command}`);
  return launch[1].split(' ').filter(Boolean);
}

describe('production launch flags', () => {
  it.each([
    ['start:api', 'main.js'],
    ['start:worker', 'worker.js'],
  ])('should start %s with a heap cap, as the Dockerfile does', (script, entry) => {
    const flags = nodeFlags(scripts[script], entry);
    expect(flags).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
    expect(nodeFlags(dockerfile, entry)).toEqual(flags);
  });

  it('should give the quick start (every role in one process) the same cap', () => {
    const cap = nodeFlags(scripts['start:api'], 'main.js').find((flag) => flag.startsWith('--max-old-space-size='));
    expect(nodeFlags(scripts.start, 'cli.js')).toContain(cap);
  });
});

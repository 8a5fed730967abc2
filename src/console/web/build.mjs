// Builds the web consoles into dist/console-web: tsc for the modules, then the page and its style.
// Kept under src/ so the Docker build (which copies src/) has it; plain Node, no dependencies.
// The folder is overwritten in place, never emptied first: a running app (or a test) keeps serving
// the console while someone rebuilds, and a module left over from a removed file is never imported.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', '..', 'dist', 'console-web');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
for (const file of ['index.html', 'console.css']) {
  // copy then rename: a reader sees the old file or the new one, never half of one
  const staged = join(out, `.${file}.${process.pid}`);
  copyFileSync(join(here, file), staged);
  renameSync(staged, join(out, file));
}
console.log(`console built into ${out}`);

// Builds the web consoles into dist/console-web: tsc for the modules, then the page and its style.
// Kept under src/ so the Docker build (which copies src/) has it; plain Node, no dependencies.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', '..', 'dist', 'console-web');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
for (const file of ['index.html', 'console.css']) copyFileSync(join(here, file), join(out, file));
console.log(`console built into ${out}`);

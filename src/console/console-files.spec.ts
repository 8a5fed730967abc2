import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleTargetOf, consoleWebRoot } from './console-files';

describe('consoleTargetOf', () => {
  it('should serve the console page for the root and for every route without an extension', () => {
    expect(consoleTargetOf([])).toEqual({ kind: 'index' });
    expect(consoleTargetOf(['clerk'])).toEqual({ kind: 'index' });
    expect(consoleTargetOf(['agent', 'mine'])).toEqual({ kind: 'index' });
  });

  it('should serve files by their path', () => {
    expect(consoleTargetOf(['main.js'])).toEqual({ kind: 'asset', file: 'main.js' });
    expect(consoleTargetOf(['widgets', 'dialog.js'])).toEqual({ kind: 'asset', file: 'widgets/dialog.js' });
  });

  it('should refuse dot files and parent folders', () => {
    expect(consoleTargetOf(['..', 'package.json'])).toEqual({ kind: 'refused' });
    expect(consoleTargetOf(['.env'])).toEqual({ kind: 'refused' });
    expect(consoleTargetOf(['a\\..\\b.js'])).toEqual({ kind: 'refused' });
  });
});

describe('consoleWebRoot', () => {
  it('should find dist/console-web below the folder that holds package.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'console-root-'));
    writeFileSync(join(root, 'package.json'), '{}');
    const deep = join(root, 'dist', 'src', 'console');
    mkdirSync(deep, { recursive: true });
    expect(consoleWebRoot(deep)).toBe(join(root, 'dist', 'console-web'));
  });
});

import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/auth.decorators';
import { CONSOLE_CACHE_CONTROL, CONSOLE_CSP, consoleTargetOf, consoleWebRoot } from './console-files';

/**
 * Serves the web consoles at /console with the SPA fallback to index.html. The files are public: the
 * console holds nothing secret, and every API call it makes carries the user's own token.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  private readonly root = consoleWebRoot();

  @Get()
  index(@Res() res: Response): void {
    this.send(res, 'index.html');
  }

  @Get('{*path}')
  file(@Param('path') path: string[] | string, @Res() res: Response): void {
    const target = consoleTargetOf(Array.isArray(path) ? path : path.split('/'));
    switch (target.kind) {
      case 'index':
        return this.send(res, 'index.html');
      case 'asset':
        return this.send(res, target.file);
      case 'refused':
        return notFound(res);
    }
  }

  private send(res: Response, file: string): void {
    if (!existsSync(join(this.root, 'index.html'))) {
      res.status(503).type('text/plain; charset=utf-8').send('控制台尚未构建：请先运行 npm run console:build');
      return;
    }
    const headers: Record<string, string> = {
      'Cache-Control': CONSOLE_CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    };
    if (file === 'index.html') headers['Content-Security-Policy'] = CONSOLE_CSP;
    res.sendFile(file, { root: this.root, dotfiles: 'deny', cacheControl: false, headers }, (error?: Error) => {
      if (error && !res.headersSent) notFound(res);
    });
  }
}

function notFound(res: Response): void {
  res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'No such console file', code: 'NOT_FOUND' });
}

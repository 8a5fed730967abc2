import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** The web consoles (agent, dispatcher, clerk, supervisor, admin): static files built from ./web. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}

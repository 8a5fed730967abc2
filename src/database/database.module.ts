import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { dataSourceOptions, initializeUtc, probeDatabase } from './database.options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const { flavor } = await probeDatabase(config);
        return { ...dataSourceOptions(config, flavor), retryAttempts: 0 };
      },
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('No data source options');
        return initializeUtc(options);
      },
    }),
  ],
})
export class DatabaseModule {}

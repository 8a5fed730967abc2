import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer } from '../../app';

/** Ids of demo records by code, straight from the database. */
export class DemoIds {
  constructor(private readonly dataSource: DataSource) {}

  private async idOf(table: 'areas' | 'units' | 'categories', code: string): Promise<number> {
    const rows = await this.dataSource.query<{ id: number }[]>(`SELECT id FROM ${table} WHERE code = ?`, [code]);
    if (!rows[0]) throw new Error(`no ${table} row with code ${code}`);
    return Number(rows[0].id);
  }

  area(code: string): Promise<number> {
    return this.idOf('areas', code);
  }

  unit(code: string): Promise<number> {
    return this.idOf('units', code);
  }

  category(code: string): Promise<number> {
    return this.idOf('categories', code);
  }

  /** The first village (by code) of a township, and the first grid of that village. */
  async firstVillageAndGrid(townshipCode: string): Promise<{ village: number; grid: number }> {
    const [village] = await this.dataSource.query<{ id: number }[]>(
      "SELECT v.id FROM areas v JOIN areas t ON t.id = v.parent_id WHERE t.code = ? AND v.level = 'village' ORDER BY v.code LIMIT 1",
      [townshipCode],
    );
    const [grid] = await this.dataSource.query<{ id: number }[]>(
      "SELECT id FROM areas WHERE parent_id = ? AND level = 'grid' ORDER BY code LIMIT 1",
      [village?.id],
    );
    if (!village || !grid) throw new Error(`no village or grid under ${townshipCode}`);
    return { village: Number(village.id), grid: Number(grid.id) };
  }
}

export function resolveVia(
  app: INestApplication<App>,
  token: string,
  categoryId: number,
  areaId: number,
  at?: string,
): request.Test {
  return request(app.getHttpServer())
    .get('/api/responsibility/resolve')
    .query({ categoryId, areaId, ...(at ? { at } : {}) })
    .set(bearer(token));
}

/** Polls until `probe` gives a truthy value, or fails after the bound: never a bare sleep. */
export async function eventually<T>(probe: () => Promise<T | null | false | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const TOWNSHIP = {
  gucheng: '530326001000',
  yili: '530326004000',
  zhongping: '530326005000',
  dajing: '530326107000',
  nagu: '530326102000',
} as const;

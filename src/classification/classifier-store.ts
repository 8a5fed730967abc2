import { gunzipSync, gzipSync } from 'node:zlib';
import type { DataSource, EntityManager } from 'typeorm';
import { parseModel, serializeModel, ClassifierModel } from './classifier-model.schema';
import { ClassifierModelRecord } from './classifier-model.entity';

export interface StoredModelInfo {
  name: string;
  source: string;
  exampleCount: number;
  metrics: Record<string, unknown> | null;
  createdBy?: number | null;
}

/** Saves a model and makes it the active one, in one transaction. */
export async function storeModel(
  manager: EntityManager,
  model: ClassifierModel,
  info: StoredModelInfo,
  activate = true,
): Promise<number> {
  const json = serializeModel(model);
  const inserted = await manager.insert(ClassifierModelRecord, {
    name: info.name,
    source: info.source,
    exampleCount: info.exampleCount,
    metrics: info.metrics as never,
    modelGzip: gzipSync(json),
    sizeBytes: Buffer.byteLength(json),
    active: false,
    createdBy: info.createdBy ?? null,
  });
  const id = Number(inserted.identifiers[0]?.id);
  if (activate) await activateModel(manager, id);
  return id;
}

export async function activateModel(manager: EntityManager, id: number): Promise<void> {
  await manager.query('UPDATE classifier_models SET active = (id = ?)', [id]);
}

export async function activeModelId(dataSource: DataSource): Promise<number | null> {
  const rows = (await dataSource.query(
    'SELECT id FROM classifier_models WHERE active = 1 ORDER BY id DESC LIMIT 1',
  )) as { id: number }[];
  return rows[0] ? Number(rows[0].id) : null;
}

export async function loadModel(dataSource: DataSource, id: number): Promise<ClassifierModel> {
  const rows = (await dataSource.query('SELECT model_gzip AS model FROM classifier_models WHERE id = ?', [id])) as {
    model: Buffer;
  }[];
  if (!rows[0]) throw new Error(`No classifier model ${id}`);
  return parseModel(gunzipSync(rows[0].model).toString('utf8'), `classifier model ${id}`);
}

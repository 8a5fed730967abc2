import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/** A value to SET: the property's value, or a function returning an SQL expression (`version + 1`). */
export type ColumnUpdate<E> = { [K in keyof E]?: E[K] | (() => string) };

/**
 * Plain statements for an entity on the hottest paths (the pipeline's ticket lock, the action's
 * UPDATE), with TypeORM's own column mapping and value conversions (the driver's hydrate and persist
 * rules: booleans, JSON, dates, transformers) but without a query builder per call. The builder
 * rewrote every statement's property names and built a result transformer each time: a tenth of the
 * worker's CPU under load. The SQL is the same as the builder's, so the rows and entities are too.
 */
export class EntityRows<E extends ObjectLiteral> {
  private static readonly cache = new WeakMap<DataSource, Map<unknown, EntityRows<ObjectLiteral>>>();

  /** The instance for this data source and entity, made at the first call. */
  static of<E extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<E>): EntityRows<E> {
    let byTarget = EntityRows.cache.get(dataSource);
    if (!byTarget) EntityRows.cache.set(dataSource, (byTarget = new Map<unknown, EntityRows<ObjectLiteral>>()));
    let rows = byTarget.get(target);
    if (!rows) byTarget.set(target, (rows = new EntityRows(dataSource, target)));
    return rows as EntityRows<E>;
  }

  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly byProperty = new Map<string, ColumnMetadata>();
  /** Every column, as the table names it: the rows `select` reads hydrate as TypeORM's would. */
  readonly selectList: string;
  readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<E>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.columns = this.metadata.columns.filter((c) => !c.isVirtual);
    for (const column of this.columns) this.byProperty.set(column.propertyPath, column);
    this.table = quote(this.metadata.tableName);
    this.selectList = this.columns.map((c) => quote(c.databaseName)).join(', ');
  }

  /** An entity from a row that has every column under its table name (SELECT selectList …). */
  hydrate(row: Record<string, unknown>): E {
    const entity = this.metadata.create() as E;
    const driver = this.dataSource.driver;
    for (const column of this.columns) {
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  }

  /** Rows of `SELECT selectList FROM table WHERE <where>` (with `params`), as entities. */
  async select(manager: EntityManager, where: string, params: unknown[]): Promise<E[]> {
    const rows = (await manager.query(`SELECT ${this.selectList} FROM ${this.table} WHERE ${where}`, params)) as Record<
      string,
      unknown
    >[];
    return rows.map((row) => this.hydrate(row));
  }

  /** The first row of `select`, or null. */
  async one(manager: EntityManager, where: string, params: unknown[]): Promise<E | null> {
    const [entity] = await this.select(manager, where, params);
    return entity ?? null;
  }

  /** One row of the given properties (the other columns take their defaults); returns its id. */
  async insert(manager: EntityManager, values: Partial<E>): Promise<number> {
    const result = (await manager.query(...this.insertStatement(values))) as { insertId: number | string };
    return Number(result.insertId);
  }

  /** insert's statement and its parameters, for a caller that sends it itself. */
  insertStatement(values: Partial<E>): [string, unknown[]] {
    const names: string[] = [];
    const params: unknown[] = [];
    for (const { column, value } of this.columnValues(values)) {
      names.push(quote(column.databaseName));
      params.push(this.dataSource.driver.preparePersistentValue(value, column));
    }
    return [`INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, params];
  }

  /**
   * `UPDATE table SET … WHERE <where>`; returns the rows it changed. As with the builder, properties
   * set to undefined are left out, and the version and update-date columns move unless set here.
   */
  async update(manager: EntityManager, values: ColumnUpdate<E>, where: string, params: unknown[]): Promise<number> {
    const assignments: string[] = [];
    const setParams: unknown[] = [];
    for (const { column, value } of this.columnValues(values)) {
      if (typeof value === 'function') {
        assignments.push(`${quote(column.databaseName)} = ${(value as () => string)()}`);
      } else {
        assignments.push(`${quote(column.databaseName)} = ?`);
        setParams.push(this.dataSource.driver.preparePersistentValue(value, column));
      }
    }
    if (assignments.length === 0) return 0;
    const { versionColumn, updateDateColumn } = this.metadata;
    if (versionColumn && !(versionColumn.propertyPath in values)) {
      const name = quote(versionColumn.databaseName);
      assignments.push(`${name} = ${name} + 1`);
    }
    if (updateDateColumn && !(updateDateColumn.propertyPath in values)) {
      const precision = updateDateColumn.precision ? `(${updateDateColumn.precision})` : '';
      assignments.push(`${quote(updateDateColumn.databaseName)} = CURRENT_TIMESTAMP${precision}`);
    }
    const result = (await manager.query(`UPDATE ${this.table} SET ${assignments.join(', ')} WHERE ${where}`, [
      ...setParams,
      ...params,
    ])) as { affectedRows: number };
    return result.affectedRows;
  }

  /** The defined values and their columns; a property that is no column is an error, as with the builder. */
  private *columnValues(values: object): Generator<{ column: ColumnMetadata; value: unknown }> {
    for (const [property, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const column = this.byProperty.get(property);
      if (!column) throw new Error(`${this.metadata.name} has no column for ${property}`);
      yield { column, value };
    }
  }
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

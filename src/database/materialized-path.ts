import type { EntityManager } from 'typeorm';

/**
 * Trees (areas, units, categories) keep a materialised path of ids, `/1/7/93/`: "this node and
 * everything below it" is one indexed prefix match, and a move rewrites the subtree in one statement.
 */
export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** Whether making `newParentPath` the parent of the node at `nodePath` would put the node under itself. */
export function wouldCycle(nodePath: string, newParentPath: string): boolean {
  return newParentPath.startsWith(nodePath);
}

/**
 * Moves a node and its whole subtree to a new path: every descendant keeps its tail under the new
 * prefix (and, for trees that store it, its depth shifts alike). Paths hold only digits and slashes,
 * so the LIKE prefix needs no escaping.
 */
export async function moveSubtree(
  manager: EntityManager,
  table: 'areas' | 'units' | 'categories',
  fromPath: string,
  toPath: string,
  depthShift?: number,
): Promise<void> {
  const depth = depthShift === undefined ? '' : ', depth = depth + ?';
  await manager.query(`UPDATE ${table} SET path = CONCAT(?, SUBSTRING(path, ?))${depth} WHERE path LIKE ?`, [
    toPath,
    fromPath.length + 1,
    ...(depthShift === undefined ? [] : [depthShift]),
    `${fromPath}%`,
  ]);
}

/** The ids of a node and every node below it; none when the node does not exist. */
export async function subtreeIds(
  db: Pick<EntityManager, 'query'>,
  table: 'areas' | 'units' | 'categories',
  id: number,
): Promise<number[]> {
  const [node] = (await db.query(`SELECT path FROM ${table} WHERE id = ?`, [id])) as { path: string }[];
  if (!node) return [];
  const rows = (await db.query(`SELECT id FROM ${table} WHERE path LIKE ?`, [`${node.path}%`])) as {
    id: number | string;
  }[];
  return rows.map((r) => Number(r.id));
}

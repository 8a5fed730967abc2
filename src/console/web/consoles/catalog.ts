/**
 * The category tree (`GET /api/categories/tree`, nested) for the pickers and for names in the detail.
 * While the catalog API is missing the intake form has no category field and the responsibility
 * suggestion (which needs one) stays hidden.
 */
import { getIfAvailable } from '../api.js';

export interface CategoryOption {
  id: number;
  code: string;
  name: string;
  depth: number;
}

interface CategoryNode {
  id: number;
  code: string;
  name: string;
  active?: boolean;
  children?: CategoryNode[];
}

let cache: Promise<CategoryOption[] | null> | null = null;

/** null: the API does not exist (yet). */
export function categoryOptions(): Promise<CategoryOption[] | null> {
  cache ??= getIfAvailable<CategoryNode[]>('/api/categories/tree')
    .then((tree) => (tree === null ? null : flatten(tree, 0)))
    .catch(() => {
      cache = null;
      return null;
    });
  return cache;
}

function flatten(nodes: readonly CategoryNode[], depth: number): CategoryOption[] {
  return nodes
    .filter((n) => n.active !== false)
    .flatMap((n) => [{ id: n.id, code: n.code, name: n.name, depth }, ...flatten(n.children ?? [], depth + 1)]);
}

export async function categoryName(id: number | null): Promise<string> {
  if (id === null) return '—';
  const options = await categoryOptions();
  return options?.find((o) => o.id === id)?.name ?? `分类 #${id}`;
}

export async function categoryNameByCode(code: string): Promise<string> {
  const options = await categoryOptions();
  return options?.find((o) => o.code === code)?.name ?? code;
}

// The category tree compiled once per process from the table: lookups by id and code, ancestor
// chains and subtrees without a query. Pure, so the resolver's index and the tests share it.

export interface CategoryRow {
  id: number;
  code: string;
  parentId: number | null;
  name: string;
  depth: number;
  territorial: boolean;
  defaultUnitId: number | null;
  keywords: string[];
  active: boolean;
}

export interface CategoryNode extends CategoryRow {
  /** Ids from the root down to this node, itself included. */
  pathIds: number[];
  childIds: number[];
}

export interface CategoryTreeJson {
  id: number;
  code: string;
  name: string;
  territorial: boolean;
  defaultUnitId: number | null;
  keywords: string[];
  active: boolean;
  children: CategoryTreeJson[];
}

export class CategoryTree {
  private readonly byId = new Map<number, CategoryNode>();
  private readonly byCode = new Map<string, CategoryNode>();
  private readonly rootIds: number[] = [];

  constructor(rows: readonly CategoryRow[]) {
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    for (const row of sorted) {
      const node: CategoryNode = { ...row, keywords: [...row.keywords], pathIds: [], childIds: [] };
      this.byId.set(row.id, node);
      this.byCode.set(row.code, node);
    }
    for (const node of this.byId.values()) {
      const parent = node.parentId === null ? undefined : this.byId.get(node.parentId);
      if (parent) parent.childIds.push(node.id);
      else this.rootIds.push(node.id);
    }
    for (const node of this.byId.values()) node.pathIds = this.walkUp(node.id);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): CategoryNode | undefined {
    return this.byId.get(id);
  }

  getByCode(code: string): CategoryNode | undefined {
    return this.byCode.get(code);
  }

  all(): CategoryNode[] {
    return [...this.byId.values()];
  }

  /** The node and its ancestors, root first; empty for an unknown id. */
  pathOf(id: number): CategoryNode[] {
    return (this.byId.get(id)?.pathIds ?? []).map((i) => this.byId.get(i) as CategoryNode);
  }

  /** The node and every descendant (depth first); empty for an unknown id. */
  subtreeIds(id: number): number[] {
    if (!this.byId.has(id)) return [];
    const out: number[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      out.push(current);
      const children = this.byId.get(current)?.childIds ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    return out;
  }

  /** The whole tree as nested JSON, children in id order (the order the lists were entered in). */
  toJson(): CategoryTreeJson[] {
    const build = (id: number): CategoryTreeJson => {
      const n = this.byId.get(id) as CategoryNode;
      return {
        id: n.id,
        code: n.code,
        name: n.name,
        territorial: n.territorial,
        defaultUnitId: n.defaultUnitId,
        keywords: n.keywords,
        active: n.active,
        children: n.childIds.map(build),
      };
    };
    return this.rootIds.map(build);
  }

  // A corrupt parent chain (a cycle written by hand in the table) stops at the first repeat instead of looping.
  private walkUp(id: number): number[] {
    const chain: number[] = [];
    const seen = new Set<number>();
    let current = this.byId.get(id);
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      chain.push(current.id);
      current = current.parentId === null ? undefined : this.byId.get(current.parentId);
    }
    return chain.reverse();
  }
}

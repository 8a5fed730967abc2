import { CategoryRow, CategoryTree } from './category-tree';

const row = (id: number, code: string, parentId: number | null, depth: number): CategoryRow => ({
  id,
  code,
  parentId,
  name: code,
  depth,
  territorial: false,
  defaultUnitId: null,
  keywords: [],
  active: true,
});

describe(CategoryTree.name, () => {
  const tree = new CategoryTree([
    row(4, 'utilities.water', 3, 1),
    row(1, 'urban', null, 0),
    row(2, 'urban.vending', 1, 1),
    row(3, 'utilities', null, 0),
    row(5, 'utilities.water.outage', 4, 2),
    row(6, 'utilities.power', 3, 1),
  ]);

  it('should give the path from the root and the subtree of a node', () => {
    expect(tree.pathOf(5).map((n) => n.code)).toEqual(['utilities', 'utilities.water', 'utilities.water.outage']);
    expect(tree.subtreeIds(3)).toEqual([3, 4, 5, 6]);
    expect(tree.subtreeIds(2)).toEqual([2]);
    expect(tree.subtreeIds(99)).toEqual([]);
    expect(tree.pathOf(99)).toEqual([]);
  });

  it('should nest the tree as JSON, children in id order', () => {
    const json = tree.toJson();
    expect(json.map((n) => n.code)).toEqual(['urban', 'utilities']);
    expect(json[1]?.children.map((n) => n.code)).toEqual(['utilities.water', 'utilities.power']);
    expect(json[1]?.children[0]?.children[0]?.children).toEqual([]);
  });

  it('should find nodes by code and stop at a cycle written by hand', () => {
    expect(tree.getByCode('urban.vending')?.id).toBe(2);
    const broken = new CategoryTree([row(1, 'a', 2, 0), row(2, 'b', 1, 1)]);
    expect(broken.pathOf(1).map((n) => n.id)).toEqual([2, 1]);
  });
});

import { compilePlaceIndex, matchPlace, PlaceArea } from './place-matcher.util';

const AREAS: PlaceArea[] = [
  { id: 1, parentId: null, level: 'county', name: '会泽县', aliases: [] },
  { id: 10, parentId: 1, level: 'township', name: '金钟街道', aliases: ['金钟办事处'] },
  { id: 11, parentId: 1, level: 'township', name: '娜姑镇', aliases: [] },
  { id: 12, parentId: 1, level: 'township', name: '大井镇', aliases: [] },
  { id: 100, parentId: 10, level: 'village', name: '东风社区', aliases: [] },
  { id: 101, parentId: 10, level: 'village', name: '新村', aliases: [] },
  { id: 110, parentId: 11, level: 'village', name: '新村', aliases: [] },
  { id: 111, parentId: 11, level: 'village', name: '白雾村', aliases: [] },
  { id: 120, parentId: 12, level: 'village', name: '大井村', aliases: [] },
  { id: 1000, parentId: 111, level: 'grid', name: '白雾村第一网格', aliases: [] },
];

describe(matchPlace.name, () => {
  const index = compilePlaceIndex(AREAS);

  it('should find a name without its suffix when it is unambiguous', () => {
    expect(matchPlace('娜姑这边的路灯坏了', index)).toMatchObject({ areaId: 11, level: 'township', matched: '娜姑' });
  });

  it('should prefer a village that lies inside the township mentioned with it', () => {
    const match = matchPlace('会泽县娜姑镇白雾村的道路破损', index);
    expect(match).toMatchObject({ areaId: 111, level: 'village' });
    expect(match?.confidence).toBeGreaterThan(0.9);
    expect(match?.candidates.map((c) => c.areaId)).toEqual(expect.arrayContaining([1, 11, 111]));
  });

  it('should settle a village name shared by two townships through the township beside it', () => {
    expect(matchPlace('娜姑镇新村有人乱倒垃圾', index)).toMatchObject({ areaId: 110, level: 'village' });
    expect(matchPlace('金钟街道新村有人乱倒垃圾', index)).toMatchObject({ areaId: 101, level: 'village' });
  });

  it('should match names with characters outside the basic plane, and names that overlap', () => {
    // 𡌶 (U+21336) is one character written as two UTF-16 units; 白雾村 ends where 雾村口 begins
    const rare = compilePlaceIndex([
      ...AREAS,
      { id: 112, parentId: 11, level: 'village', name: '𡌶脚村', aliases: [] },
      { id: 113, parentId: 11, level: 'village', name: '雾村口村', aliases: [] },
    ]);
    expect(matchPlace('𠮷𡌶脚村水管爆了', rare)).toMatchObject({ areaId: 112, matched: '𡌶脚村' });
    expect(matchPlace('娜姑镇白雾村口有人摆摊', rare)?.candidates.map((c) => c.matched)).toEqual(
      expect.arrayContaining(['娜姑镇', '白雾村']),
    );
    expect(matchPlace('雾村口村', rare)).toMatchObject({ areaId: 113, matched: '雾村口村' });
  });

  it('should fall back to the common ancestor, with a low confidence, when a shared name stands alone', () => {
    const match = matchPlace('新村有人乱倒垃圾', index);
    expect(match).toMatchObject({ areaId: 1, level: 'county' });
    expect(match?.confidence).toBeLessThan(0.5);
  });

  it('should not let a village of another township override the township that was named', () => {
    expect(matchPlace('金钟街道白雾村', index)).toMatchObject({ areaId: 10, level: 'township' });
  });

  it('should read aliases and go down to the grid', () => {
    expect(matchPlace('金钟办事处门口', index)).toMatchObject({ areaId: 10, matched: '金钟办事处' });
    expect(matchPlace('白雾村第一网格的网格员', index)).toMatchObject({ areaId: 1000, level: 'grid' });
  });

  it('should drop stems that two areas share and generic stems ("大井", "东风")', () => {
    // 大井 is the stem of both 大井镇 and 大井村; 东风 is an everyday word.
    expect(matchPlace('大井这边', index)).toBeNull();
    expect(matchPlace('东风吹来', index)).toBeNull();
    expect(matchPlace('大井镇大井村', index)).toMatchObject({ areaId: 120 });
  });

  it('should return null for no place, an empty text or a non-string', () => {
    expect(matchPlace('路灯坏了', index)).toBeNull();
    expect(matchPlace('', index)).toBeNull();
    expect(matchPlace(undefined, index)).toBeNull();
  });

  it('should index thousands of areas and match quickly', () => {
    const many: PlaceArea[] = [{ id: 'c', parentId: null, level: 'county', name: '测试县' }];
    for (let t = 0; t < 30; t++) {
      many.push({ id: `t${t}`, parentId: 'c', level: 'township', name: `第${t}号镇` });
      for (let v = 0; v < 200; v++)
        many.push({ id: `t${t}v${v}`, parentId: `t${t}`, level: 'village', name: `镇${t}村${v}号村` });
    }
    const big = compilePlaceIndex(many);
    const started = Date.now();
    for (let i = 0; i < 1000; i++) matchPlace('反映第7号镇镇7村123号村的路灯坏了，希望尽快修理。'.repeat(3), big);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(matchPlace('第7号镇镇7村123号村', big)).toMatchObject({ areaId: 't7v123', level: 'village' });
  });
});

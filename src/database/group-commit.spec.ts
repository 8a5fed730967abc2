import { GroupCommit } from './group-commit';

type Deferred = { items: string[]; resolve: (results: string[]) => void; reject: (error: Error) => void };

/** A writer whose batches finish when the test says so. */
function controlledWriter() {
  const calls: Deferred[] = [];
  const write = (items: string[]) => new Promise<string[]>((resolve, reject) => calls.push({ items, resolve, reject }));
  return { calls, write };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('sends a lone item at once, alone', async () => {
    const { calls, write } = controlledWriter();
    const group = new GroupCommit(write, { maxBatch: 10, maxInFlight: 1 });
    const done = group.submit('a');
    expect(calls.map((c) => c.items)).toEqual([['a']]);
    calls[0].resolve(['A']);
    await expect(done).resolves.toBe('A');
  });

  it('gathers the items that arrive while the batches in flight are written into the next one', async () => {
    const { calls, write } = controlledWriter();
    const group = new GroupCommit(write, { maxBatch: 10, maxInFlight: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((item) => group.submit(item));
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b']]);
    calls[1].resolve(['B']);
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[2].resolve(['C', 'D', 'E']);
    calls[0].resolve(['A']);
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('caps a batch at maxBatch and keeps arrival order across batches', async () => {
    const { calls, write } = controlledWriter();
    const group = new GroupCommit(write, { maxBatch: 2, maxInFlight: 1 });
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((item) => group.submit(item));
    for (const expected of [['a'], ['b', 'c'], ['d', 'e'], ['f']]) {
      await flush();
      const last = calls[calls.length - 1];
      expect(last.items).toEqual(expected);
      last.resolve(last.items.map((i) => i.toUpperCase()));
    }
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('splits a failed batch in halves until the bad item fails alone, and the rest commit', async () => {
    const sizes: Array<[number, boolean]> = [];
    const write = async (items: string[]): Promise<string[]> => {
      await flush();
      if (items.includes('bad')) throw new Error(`cannot write ${items.join(',')}`);
      return items.map((i) => i.toUpperCase());
    };
    const group = new GroupCommit(write, {
      maxBatch: 10,
      maxInFlight: 1,
      onBatch: (n, split) => sizes.push([n, split]),
    });
    const results = ['a', 'b', 'bad', 'c'].map((item) => group.submit(item).catch((e: Error) => e.message));
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'cannot write bad', 'C']);
    expect(sizes).toEqual([
      [1, false],
      [3, true],
      [2, true],
      [1, false],
      [1, false],
      [1, false],
    ]);
  });

  it('writes a failed batch again within its own place among maxInFlight, in few transactions', async () => {
    let inFlight = 0;
    let most = 0;
    let writes = 0;
    const write = async (items: string[]): Promise<string[]> => {
      writes++;
      most = Math.max(most, ++inFlight);
      await flush();
      inFlight--;
      if (items.includes('bad')) throw new Error('bad batch');
      return items;
    };
    const group = new GroupCommit(write, { maxBatch: 32, maxInFlight: 2 });
    const items = Array.from({ length: 66 }, (_, i) => (i === 40 ? 'bad' : `item${i}`));
    const settled = await Promise.all(items.map((item) => group.submit(item).catch((e: Error) => e.message)));
    expect(settled.filter((s) => s === 'bad batch')).toEqual(['bad batch']);
    expect(settled.filter((s) => s.startsWith('item'))).toHaveLength(65);
    expect(most).toBeLessThanOrEqual(2);
    // 4 batches (1, 1, 32, 32), one of them split down to the bad item: 2 writes per level of 5
    expect(writes).toBe(4 + 2 * 5);
  });

  it('does not write again a batch whose writer committed but lost count of its results', async () => {
    let writes = 0;
    const group = new GroupCommit(
      async (items: string[]) => {
        writes++;
        await flush();
        return items.slice(1);
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = ['a', 'b', 'c'].map((item) => group.submit(item).catch((e: Error) => e.message));
    const settled = await Promise.all(results);
    expect(settled[0]).toMatch(/A batch of 1 returned 0 results/);
    expect(settled[1]).toMatch(/A batch of 2 returned 1 results/);
    expect(writes).toBe(2);
  });

  it('takes new items again once a failed batch has been split and written', async () => {
    let fail = true;
    const group = new GroupCommit(
      async (items: string[]) => {
        await flush();
        if (fail && items.length > 1) throw new Error('batch failed');
        return items;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = ['a', 'b', 'c'].map((item) => group.submit(item));
    await expect(Promise.all(first)).resolves.toEqual(['a', 'b', 'c']);
    fail = false;
    await expect(group.submit('d')).resolves.toBe('d');
  });
});

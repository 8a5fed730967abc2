import { addNeighbourVotes, buildPostings, compressExamples } from './nearest-neighbours.util';
import { toMatrix } from './text-features.util';

const row = (entries: Array<[number, number]>) => {
  const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0));
  return { indices: Int32Array.from(entries, ([j]) => j), values: Float64Array.from(entries, ([, v]) => v / norm) };
};

describe(addNeighbourVotes.name, () => {
  // Rows 0 and 1 are about features 0–1 (label 0), rows 2 and 3 about features 2–3 (label 1).
  const x = toMatrix(
    [
      row([
        [0, 1],
        [1, 1],
      ]),
      row([
        [0, 1],
        [1, 0.5],
      ]),
      row([
        [2, 1],
        [3, 1],
      ]),
      row([
        [2, 0.5],
        [3, 1],
      ]),
    ],
    4,
  );
  const memory = compressExamples(x, 64);
  const postings = buildPostings(memory, 4);
  const options = { knnK: 2, knnWeight: 1, knnPower: 1 };

  it('should vote for the label of the nearest rows, by cosine', () => {
    const scores = new Float64Array(2);
    const query = row([
      [0, 1],
      [1, 1],
    ]);
    addNeighbourVotes(postings, Int16Array.from([0, 0, 1, 1]), query.indices, query.values, options, scores);
    expect(scores[0]).toBeGreaterThan(0.9);
    expect(scores[1]).toBe(0);
  });

  it('should skip rows that have no label for the head, and reuse its scratch space cleanly', () => {
    const query = row([
      [0, 1],
      [1, 1],
    ]);
    const scores = new Float64Array(2);
    addNeighbourVotes(postings, Int16Array.from([-1, -1, 1, 1]), query.indices, query.values, options, scores);
    expect(Array.from(scores)).toEqual([0, 0]);
    addNeighbourVotes(postings, Int16Array.from([0, 0, 1, 1]), query.indices, query.values, options, scores);
    expect(scores[0]).toBeGreaterThan(0.9);
  });

  it('should keep at most the requested number of features per row, re-normalised', () => {
    const small = compressExamples(x, 1);
    expect(Array.from(small.indptr)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(small.values)).toEqual([1, 1, 1, 1]);
  });
});

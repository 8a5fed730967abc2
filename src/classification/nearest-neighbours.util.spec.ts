import {
  accumulateSimilarities,
  addNeighbourVotes,
  buildPostings,
  clearSimilarities,
  compressExamples,
  voteFromSimilarities,
} from './nearest-neighbours.util';
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

  it('should give every head the same votes from similarities accumulated once as from its own query', () => {
    const query = row([
      [0, 1],
      [1, 0.5],
      [3, 0.2],
    ]);
    const heads = [Int16Array.from([0, 1, 1, 0]), Int16Array.from([-1, 0, -1, 1])];
    const separate = heads.map((labels) => {
      const scores = new Float64Array(2);
      addNeighbourVotes(postings, labels, query.indices, query.values, options, scores);
      return Array.from(scores);
    });
    const touched = accumulateSimilarities(postings, query.indices, query.values);
    const shared = heads.map((labels) => {
      const scores = new Float64Array(2);
      voteFromSimilarities(postings, touched, labels, options, scores);
      return Array.from(scores);
    });
    clearSimilarities(postings, touched);
    expect(shared).toEqual(separate);
    expect(Array.from(postings.similarity)).toEqual([0, 0, 0, 0]);
  });

  it('should count a row once when zero query values list it more than once', () => {
    // Row 0 is touched at features 0 and 1 with similarity still 0, then gains similarity at feature 2.
    const single = buildPostings(
      compressExamples(
        toMatrix(
          [
            row([
              [0, 1],
              [1, 1],
              [2, 1],
            ]),
          ],
          3,
        ),
        64,
      ),
      3,
    );
    const query = { indices: Int32Array.from([0, 1, 2]), values: Float64Array.from([0, 0, 1]) };
    const scores = new Float64Array(1);
    addNeighbourVotes(single, Int16Array.from([0]), query.indices, query.values, options, scores);
    // k = 2: one neighbour with cosine 1/√3 and the row's second listing at 0
    expect(scores[0]).toBeCloseTo(1 / Math.sqrt(3) / 2, 2);
  });

  it('should keep at most the requested number of features per row, re-normalised', () => {
    const small = compressExamples(x, 1);
    expect(Array.from(small.indptr)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(small.values)).toEqual([1, 1, 1, 1]);
  });
});

const MAX_SCALE = 20;

/** Softmax of scores multiplied by `scale` (1 / temperature), numerically stable. */
export function softmax(scores: ArrayLike<number>, scale = 1, out = new Float64Array(scores.length)): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k] * scale);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    out[k] = Math.exp(scores[k] * scale - max);
    sum += out[k];
  }
  for (let k = 0; k < scores.length; k++) out[k] /= sum;
  return out;
}

function negativeLogLikelihood(scores: readonly Float64Array[], truth: ArrayLike<number>, scale: number): number {
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const row = scores[i];
    let max = -Infinity;
    for (let k = 0; k < row.length; k++) max = Math.max(max, row[k] * scale);
    let sum = 0;
    for (let k = 0; k < row.length; k++) sum += Math.exp(row[k] * scale - max);
    total += Math.log(sum) + max - row[truth[i]] * scale;
  }
  return total / Math.max(1, scores.length);
}

/**
 * Temperature scaling (Guo et al. 2017): the one scale s minimising the log-loss of softmax(s · score)
 * on out-of-fold scores. OvR SVM margins have no probabilistic meaning; this maps them to
 * probabilities without changing the ranking, so a confidence threshold means the same thing on
 * new data as it did in cross-validation. The log-loss is convex in s; golden-section search on
 * log s is enough for one parameter. The scale is capped: when every out-of-fold prediction was
 * right (small or easy data) the log-loss falls forever as s grows, and a confidence of exactly 1
 * would tell the dispatcher that the model cannot be wrong.
 */
export function fitSoftmaxScale(scores: readonly Float64Array[], truth: ArrayLike<number>): number {
  if (scores.length === 0) return 1;
  let low = Math.log(0.01);
  let high = Math.log(MAX_SCALE);
  const golden = (Math.sqrt(5) - 1) / 2;
  let a = high - golden * (high - low);
  let b = low + golden * (high - low);
  let fa = negativeLogLikelihood(scores, truth, Math.exp(a));
  let fb = negativeLogLikelihood(scores, truth, Math.exp(b));
  for (let iteration = 0; iteration < 60; iteration++) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - golden * (high - low);
      fa = negativeLogLikelihood(scores, truth, Math.exp(a));
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + golden * (high - low);
      fb = negativeLogLikelihood(scores, truth, Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

import { assertCount, assertPositiveInteger } from './validate.js';

/** Per-task sample counts: `n` attempts of which `c` passed. */
export interface TaskSamples {
  n: number;
  c: number;
}

function checkSamples(n: number, c: number, k: number): void {
  assertCount('n', n);
  assertCount('c', c);
  assertPositiveInteger('k', k);
  if (c > n) {
    throw new RangeError(`c (${c}) cannot exceed n (${n})`);
  }
  if (k > n) {
    throw new RangeError(`k (${k}) cannot exceed n (${n}): the unbiased estimator needs at least k samples`);
  }
}

/**
 * Unbiased pass@k estimator (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"):
 * the probability that at least one of k attempts drawn without replacement from the n observed
 * attempts passes,
 *
 *   pass@k = 1 − C(n − c, k) / C(n, k) = 1 − Π_{i = n−c+1..n} (1 − k/i),
 *
 * evaluated as the product so no binomial coefficient is formed (C(200, 100) overflows).
 * Example: n = 10, c = 3, k = 5 → 1 − 21/252 ≈ 0.9167.
 *
 * Edge cases: n − c < k → 1 (every k-subset contains a pass); c = 0 → 0.
 *
 * @param n - Attempts made for the task.
 * @param c - Attempts that passed, 0 ≤ c ≤ n.
 * @param k - Attempt budget, 1 ≤ k ≤ n.
 * @returns A probability in [0, 1].
 * @throws RangeError for non-integer counts, c > n, k < 1, or k > n (including n = 0).
 */
export function passAtK(n: number, c: number, k: number): number {
  checkSamples(n, c, k);
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) {
    allFail *= 1 - k / i;
  }
  return 1 - allFail;
}

/**
 * pass^k (Yao et al. 2024, τ-bench): the probability that all k attempts drawn without
 * replacement from the n observed attempts pass, a consistency measure,
 *
 *   pass^k = C(c, k) / C(n, k) = Π_{i=0..k−1} (c − i) / (n − i).
 *
 * Example: n = 10, c = 3, k = 2 → 6/90 ≈ 0.0667.
 *
 * Edge cases: c < k → 0; c = n → 1.
 *
 * @param n - Attempts made for the task.
 * @param c - Attempts that passed, 0 ≤ c ≤ n.
 * @param k - Number of attempts that must all pass, 1 ≤ k ≤ n.
 * @returns A probability in [0, 1].
 * @throws RangeError for non-integer counts, c > n, k < 1, or k > n (including n = 0).
 */
export function passHatK(n: number, c: number, k: number): number {
  checkSamples(n, c, k);
  // Without this the product runs through the zero factor (c − c) into negatives and yields −0.
  if (c < k) return 0;
  let allPass = 1;
  for (let i = 0; i < k; i++) {
    allPass *= (c - i) / (n - i);
  }
  return allPass;
}

function meanOverTasks(tasks: readonly TaskSamples[], perTask: (task: TaskSamples) => number): number {
  if (tasks.length === 0) return Number.NaN;
  return tasks.reduce((sum, task) => sum + perTask(task), 0) / tasks.length;
}

/**
 * Benchmark-level pass@k: the unweighted mean of {@link passAtK} over tasks,
 * (1/T) Σ_t pass@k(n_t, c_t), so each task counts once however many attempts it had.
 *
 * @returns A probability in [0, 1]; NaN for an empty task list (no tasks, no rate).
 * @throws RangeError when any task violates {@link passAtK}'s preconditions (e.g. n_t < k).
 */
export function meanPassAtK(tasks: readonly TaskSamples[], k: number): number {
  return meanOverTasks(tasks, (task) => passAtK(task.n, task.c, k));
}

/**
 * Benchmark-level pass^k: the unweighted mean of {@link passHatK} over tasks,
 * (1/T) Σ_t pass^k(n_t, c_t).
 *
 * @returns A probability in [0, 1]; NaN for an empty task list.
 * @throws RangeError when any task violates {@link passHatK}'s preconditions (e.g. n_t < k).
 */
export function meanPassHatK(tasks: readonly TaskSamples[], k: number): number {
  return meanOverTasks(tasks, (task) => passHatK(task.n, task.c, k));
}

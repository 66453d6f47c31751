// Reruns of failed tests in the same stack: each test's result is its last attempt's, and the
// failed attempts before it are kept, so a test that passed on retry is reported as flaky
// (Surefire's flakyFailure) and one that kept failing with every rerun (rerunFailure).
import type { RunResults, TestResult } from './model.ts';

export interface RetriedResults {
  readonly results: RunResults;
  /** Per test id, its failed attempts before the final one, oldest first. */
  readonly reruns: ReadonlyMap<string, readonly TestResult[]>;
  readonly flaky: readonly string[];
}

const failed = (test: TestResult) => test.status === 'fail' || test.status === 'uxsuccess' || test.status === 'crashed' || test.status === 'damaged';

export function mergeRetries(first: RunResults, retries: readonly RunResults[]): RetriedResults {
  const byId = new Map(first.tests.map((test) => [test.id, test]));
  const reruns = new Map<string, TestResult[]>();
  for (const retry of retries) {
    for (const test of retry.tests) {
      const previous = byId.get(test.id);
      if (!previous || !failed(previous) || test.fixture) continue;
      reruns.set(test.id, [...(reruns.get(test.id) ?? []), previous]);
      byId.set(test.id, test);
    }
  }
  const tests = first.tests.map((test) => byId.get(test.id) ?? test);
  const flaky = [...reruns.keys()].filter((id) => {
    const final = byId.get(id);
    return final !== undefined && !failed(final) && final.status !== 'skip';
  });
  const ends = [first.end, ...retries.map((r) => r.end)].filter((t): t is number => t !== undefined);
  return { results: { ...first, tests, end: ends.length ? Math.max(...ends) : first.end }, reruns, flaky };
}

/** The failed tests of a run, for the next retry's include list. */
export function failedIds(results: RunResults): string[] {
  return results.tests.filter((test) => failed(test) && !test.fixture).map((test) => test.id);
}

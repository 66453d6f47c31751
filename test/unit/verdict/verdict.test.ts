import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectResults, reportableTests } from '../../../harness/results/collect.ts';
import type { TestResult } from '../../../harness/results/model.ts';
import { parseKnownFailures } from '../../../harness/selection/known-failures.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';
import { judge, renderVerdict } from '../../../harness/verdict/verdict.ts';

let real: TestResult[];
beforeAll(async () => {
  const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');
  real = reportableTests((await collectResults(parseSubunit(createReadStream(fixture)))).tests);
});

const base = () => ({ selected: real.map((t) => t.id), results: real, knownFailures: [], stackUp: true, voting: true });
const failing = (ids: string[]) => real.map((t) => (ids.includes(t.id) ? { ...t, status: 'fail' as const } : t));
const passedIds = () => real.filter((t) => t.status === 'success').map((t) => t.id);

describe('judge, on a real run', () => {
  it('passes a clean run: rate over selected minus skipped', () => {
    const verdict = judge(base());
    expect(verdict.passed).toBe(true);
    expect(verdict.exitCode).toBe(0);
    expect(verdict.counted).toBe(real.length - real.filter((t) => t.status === 'skip').length);
    expect(verdict.passRate).toBe(1);
  });

  it('item 1: a voting gate fails on any failure not in the known-failures list, by default', () => {
    const broken = passedIds().slice(0, 5);
    const verdict = judge({ ...base(), results: failing(broken) });
    expect(verdict.passRate).toBeGreaterThan(0.9);
    expect(verdict.passed).toBe(false);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.relaxed).toBe(false);
    expect(verdict.reasons).toEqual([`5 of ${verdict.counted} counted test(s) did not pass: every counted test must pass`]);
    expect(renderVerdict(verdict)).toMatch(/every counted test must pass\); \d+ skipped/);
  });

  it('item 1: a failure outside the selection still fails the verdict (a plugin test, a class fixture, a selection given wrongly)', () => {
    const selected = passedIds().slice(0, 3);
    const broken = passedIds()[5] as string;
    const verdict = judge({ ...base(), selected, results: failing([broken]) });
    expect(verdict.passed).toBe(false);
    expect(verdict.failures).toEqual([broken]);
    // Every test the run reported is counted, as the reports count it.
    expect(verdict.counted).toBe(real.length - real.filter((t) => t.status === 'skip').length);
  });

  it('item 1: --threshold is an explicit relaxation, printed in the verdict', () => {
    const verdict = judge({ ...base(), results: failing(passedIds().slice(0, 5)), threshold: 0.9 });
    expect(verdict.passed).toBe(true);
    expect(verdict.relaxed).toBe(true);
    expect(renderVerdict(verdict)).toMatch(/threshold 90\.0 %, relaxed with --threshold/);
  });

  it('fails a voting gate under a relaxed threshold (exit 1) and only reports it when non-voting (exit 0)', () => {
    const broken = passedIds().slice(0, 10);
    const voting = judge({ ...base(), results: failing(broken), threshold: 0.9 });
    expect(voting.passed).toBe(false);
    expect(voting.exitCode).toBe(1);
    expect(voting.failures).toEqual(broken);
    expect(voting.reasons.join()).toMatch(/below the threshold 90\.0 % \(relaxed with --threshold\)/);
    const nonVoting = judge({ ...base(), results: failing(broken), voting: false });
    expect(nonVoting.passed).toBe(false);
    expect(nonVoting.exitCode).toBe(0);
    expect(renderVerdict(nonVoting)).toMatch(/FAILED\*\* \(non-voting gate: reported, does not fail the job\)/);
  });

  it('does not count known failures, and reports a known failure that passes', () => {
    const [broken = '', fixed = ''] = passedIds();
    const known = parseKnownFailures(`${broken.replace(/[[\].]/g, '\\$&')}  # fails for a reason outside the driver\n${fixed.replace(/[[\].]/g, '\\$&')}  # was broken once\n`, 'kf');
    const verdict = judge({ ...base(), results: failing([broken]), knownFailures: known, threshold: 1 });
    expect(verdict.passed).toBe(true);
    expect(verdict.knownFailed.map((k) => k.id)).toEqual([broken]);
    expect(verdict.knownButPassed.map((k) => k.id)).toEqual([fixed]);
    expect(renderVerdict(verdict)).toMatch(/known failure now passes, remove it from the list \(kf:2\)/);
  });

  it('counts selected tests that never ran against the gate', () => {
    const dropped = passedIds().slice(0, 8);
    const verdict = judge({ ...base(), results: real.filter((t) => !dropped.includes(t.id)), threshold: 0.95 });
    expect(verdict.notRun).toEqual(dropped);
    expect(verdict.passed).toBe(false);
  });

  it('fails when the stack never came up, whatever the tests say', () => {
    const verdict = judge({ ...base(), results: [], stackUp: false });
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toEqual(['the stack never came up']);
  });

  it('with only-regressions, fails a voting gate on new failures only', () => {
    expect(judge({ ...base(), results: failing(passedIds().slice(0, 20)), onlyRegressions: true, regressions: [] }).passed).toBe(true);
    expect(judge({ ...base(), onlyRegressions: true, regressions: ['x'] }).passed).toBe(false);
  });
});

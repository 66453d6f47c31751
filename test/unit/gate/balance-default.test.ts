// What a gate balances Tempest's workers by when --timings is not given, as `gate --dry-run`
// says it (the same choice the tempest stage makes): the newest earlier run of the profile with a
// stream in --reports, else the profile's shipped costs, else nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';

const cli = join(PROJECT_ROOT, 'bin', 'dockenstack.js');
// A real run's stream (test/fixtures/report-folder/NOTES.md says how it was made).
const REAL_STREAM = join(PROJECT_ROOT, 'test', 'fixtures', 'report-folder', 'tempest.subunit');

function balanceLine(args: readonly string[]): string | undefined {
  const result = spawnSync('node', [cli, 'gate', '--dry-run', ...args], { encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').find((line) => line.startsWith('balance '));
}

function earlierRun(reports: string, id: string, profile: string, startedAt: string): string {
  const dir = join(reports, id);
  mkdirSync(dir, { recursive: true });
  copyFileSync(REAL_STREAM, join(dir, 'tempest.subunit'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ runId: id, profile, startedAt }));
  return dir;
}

describe('the default worker balance', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-balance-default-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is the shipped costs on a fresh machine (no earlier run in --reports)', () => {
    expect(balanceLine(['--reports', join(scratch, 'empty')])).toBe(
      `balance       workers balanced by the test costs in ${join(PROJECT_ROOT, 'tempest-filters', 'distro', 'timings.txt')} (no earlier run of the profile in the reports folder)`,
    );
  });

  it("is the newest earlier run of the profile with a stream, another profile's left out", () => {
    const reports = join(scratch, 'reports');
    earlierRun(reports, 'older', 'distro', '2026-11-30T08:00:00.000Z');
    const newest = earlierRun(reports, 'newest', 'distro', '2026-11-30T09:00:00.000Z');
    earlierRun(reports, 'zed', 'distro-zed', '2026-11-30T10:00:00.000Z');
    expect(balanceLine(['--reports', reports])).toBe(`balance       workers balanced by the test costs of ${newest}, the newest earlier run of the profile (--timings names another)`);
  });

  it('is --timings when given, over an earlier run', () => {
    const reports = join(scratch, 'given');
    earlierRun(reports, 'newest', 'distro', '2026-11-30T09:00:00.000Z');
    const given = earlierRun(join(scratch, 'elsewhere'), 'mine', 'distro', '2026-11-30T07:00:00.000Z');
    expect(balanceLine(['--reports', reports, '--timings', given])).toBe(`balance       workers balanced by the test costs of ${given} (--timings)`);
  });

  it('is nothing for a profile that ships no costs and has no earlier run', () => {
    expect(balanceLine(['--profile', 'distro-zed', '--reports', join(scratch, 'empty')])).toBe(
      'balance       workers not balanced: no earlier run of the profile and no shipped costs, so stestr deals the classes out in turn',
    );
  });
});

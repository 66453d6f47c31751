// Issue 20 (audit of 2026-11-30): a reports folder may hold folders another job made (CI
// artifacts downloaded for a merge, a shared folder). What `runs` and `ls` print of them is
// printable (a manifest's profile with escape codes drove the terminal), and a manifest that is
// a FIFO is listed as unreadable instead of blocking the listing forever.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRunTable as formatLsTable } from '../../../harness/gate/past-runs.ts';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'dockenstack.js');
const ESCAPES = '\u001b[2J\u009b31m';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('hostile report folders', () => {
  it('runs: a manifest\'s strings are printed without their control characters, and a FIFO manifest does not block', () => {
    const reports = mkdtempSync(join(tmpdir(), 'hostile-runs-'));
    mkdirSync(join(reports, 'r1'));
    writeFileSync(join(reports, 'r1', 'manifest.json'), JSON.stringify({ profile: `${ESCAPES}distro`, startedAt: `2026-11-30T10:00:00${ESCAPES}`, verdict: { passed: true }, totals: { passed: 1 } }));
    mkdirSync(join(reports, 'r2'));
    execFileSync('mkfifo', [join(reports, 'r2', 'manifest.json')]);
    // A child process, so that a blocking read fails this test by its timeout instead of hanging the runner.
    const result = spawnSync('node', [cli, 'runs', '--reports', reports], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, FORCE_COLOR: '0' } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stdout).toMatch(/^r1 +passed +\?\[2J\?31mdistro /m);
    expect(result.stdout).toMatch(/^r2 +damaged +manifest\.json unreadable: .*not a regular file \(a FIFO\)/m);
  });

  it('ls: run ids, profiles and states are printed without their control characters', () => {
    const table = formatLsTable([{ runId: `r${ESCAPES}`, profile: ESCAPES, state: `failed at ${ESCAPES}`, atMs: 0 }], 60_000);
    expect(table).not.toMatch(CONTROL);
    expect(table).toContain('r?[2J?31m');
  });
});

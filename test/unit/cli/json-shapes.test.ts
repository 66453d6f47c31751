// Issue 17: `--json` for doctor, select, the dry-run plan and report's summary, and `runs --json`:
// stable shapes, pinned here key by key (a change of these lists is a change of schemaVersion and
// of the README's "JSON output"). The real CLI for what a script sees: stdout one JSON document
// alone, the lines a person reads on stderr.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorDocument } from '../../../harness/commands/doctor-checks.ts';
import { runCliSync } from '../../support/run-cli.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'subunit');
const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-json-'));

const dockenstack = (...args: string[]) => runCliSync(args, { env: { ...process.env, FORCE_COLOR: '1' } });

/** stdout parsed: it must be one JSON document and nothing else (no colour either, though forced). */
function json(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

const keys = (value: unknown) => Object.keys(value as object).sort();

describe('JSON output', () => {
  it('select --json: the ids and counts, the count line still on stderr', () => {
    const run = dockenstack('select', '--profile', 'distro', '--regex', 'test_list_servers', '--json');
    expect(run.code, run.stderr).toBe(0);
    const document = json(run.stdout);
    expect(keys(document)).toEqual(['count', 'includesEverything', 'schemaVersion', 'selected', 'tests', 'total']);
    expect(document).toMatchObject({ schemaVersion: 1, total: 1542, includesEverything: false });
    expect(document.count).toBe((document.selected as string[]).length);
    expect(run.stderr).toContain(`${String(document.count)} of 1542 tests selected`);
  });

  it('gate --dry-run --json: the plan, secrets masked, nothing built', () => {
    const run = dockenstack('gate', '--dry-run', '--json', '--run-id', 'json-plan', '--shard', '1/2', '--reports', scratch);
    expect(run.code, run.stderr).toBe(0);
    const plan = json(run.stdout);
    expect(keys(plan)).toEqual(['commands', 'container', 'engines', 'image', 'localConf', 'network', 'profile', 'reportsDir', 'runId', 'schemaVersion', 'selection', 'timeoutsMinutes', 'verdict', 'warnings']);
    expect(keys(plan.profile)).toEqual(['description', 'name', 'openstack', 'suite']);
    expect(keys(plan.image)).toEqual(['baseImage', 'buildArgs', 'contextDir', 'repository']);
    expect(keys(plan.container)).toEqual(['driverBind', 'driverSource', 'keep', 'name']);
    expect(keys(plan.selection)).toEqual(['concurrency', 'exclude', 'inShard', 'include', 'regex', 'retryFailed', 'selected', 'shard', 'tempest', 'timingsDir', 'total']);
    expect(keys(plan.verdict)).toEqual(['baselineDir', 'knownFailures', 'onlyRegressions', 'threshold', 'voting']);
    expect(plan).toMatchObject({ schemaVersion: 1, runId: 'json-plan', selection: { total: 1542, selected: 805, shard: { index: 1, count: 2 } } });
    expect(plan.localConf).toContain('ADMIN_PASSWORD=***');
  });

  it('gate --json without --dry-run is a usage error', () => {
    const run = dockenstack('gate', '--json', '--reports', scratch);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dockenstack: --json: needs --dry-run/);
  });

  it("report --json: the summary on stdout, the verdict line on stderr", () => {
    const out = join(scratch, 'report');
    const run = dockenstack('report', join(fixtures, 'compute-servers.subunit'), '--out', out, '--profile', 'distro', '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = json(run.stdout);
    expect(keys(summary)).toEqual(['comparison', 'damage', 'files', 'out', 'schemaVersion', 'totals', 'verdict']);
    expect(keys(summary.totals)).toEqual(['crashed', 'damaged', 'failed', 'notRun', 'passed', 'skipped', 'total']);
    expect(keys(summary.verdict)).toEqual(['exitCode', 'knownFailed', 'passRate', 'passed', 'reasons', 'threshold', 'voting']);
    expect(summary).toMatchObject({ schemaVersion: 1, out, totals: { passed: 66, skipped: 41 }, verdict: { passed: true }, comparison: null, damage: { stretches: 0, bytes: 0 } });
    expect(run.stderr).toContain('PASSED (non-voting)');
    const compared = json(dockenstack('report', join(fixtures, 'distro-full.subunit.gz'), '--out', join(scratch, 'compared'), '--baseline', out, '--json').stdout);
    expect(keys((compared.comparison as { counts: object }).counts)).toEqual(['fixed', 'missing', 'missingFailures', 'newFailures', 'newlyNotRun', 'newlySkipped', 'stillFailing']);
  });

  it('doctor --json: each check with its status and fix, and whether a gate can run', () => {
    const document = doctorDocument(
      [
        { name: 'engine', ok: true, detail: 'Docker 26' },
        { name: 'leftovers', ok: false, warning: true, detail: '1 container', fix: 'dockenstack clean' },
        { name: 'memory', ok: false, detail: '2 GiB', fix: 'a gate needs at least 6 GiB' },
      ],
      undefined,
    );
    expect(keys(document)).toEqual(['canRunGate', 'checks', 'fix', 'schemaVersion']);
    expect(document.checks.map(keys)).toEqual(Array(3).fill(['detail', 'fix', 'name', 'status']));
    expect(document).toMatchObject({ schemaVersion: 1, canRunGate: false, fix: null, checks: [{ status: 'ok', fix: null }, { status: 'warn' }, { status: 'fail', fix: 'a gate needs at least 6 GiB' }] });
    const blocked = doctorDocument([{ name: 'engine', ok: true, detail: 'Docker 26' }], { applied: [], commands: ['sudo apt-get update'], blocked: 'not running as root' });
    expect(keys(blocked.fix)).toEqual(['applied', 'blocked', 'commands']);
    expect(blocked.canRunGate).toBe(false);
  });
});

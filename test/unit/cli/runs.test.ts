// Issue 17: `dockenstack runs` lists the runs of a reports folder from their manifests, newest
// first, damaged or missing manifests as such; `open` prints a run's index.html and refuses an
// unknown run with exit 2. Report folders made by the real `report` from real streams.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { desktopOpener } from '../../../harness/commands/open.ts';
import { formatRunTable } from '../../../harness/commands/runs.ts';
import { createPalette } from '../../../harness/progress/colour.ts';
import { parseManifest } from '../../../harness/report/run-list.ts';
import { latestRunOf, listRuns } from '../../../harness/report/run-list.ts';
import { runCliSync } from '../../support/run-cli.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'subunit');
const reports = realpathSync(mkdtempSync(join(tmpdir(), 'dockenstack-runs-')));

const dockenstack = (...args: string[]) => runCliSync(args, { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' } });

beforeAll(() => {
  // compute-servers ran on 2026-11-22 at 15:30, distro-full at 15:36: the newer one is listed first.
  expect(dockenstack('report', join(fixtures, 'compute-servers.subunit'), '--out', join(reports, 'servers'), '--profile', 'distro').code).toBe(0);
  expect(dockenstack('report', join(fixtures, 'distro-full.subunit.gz'), '--out', join(reports, 'full'), '--profile', 'distro').code).toBe(0);
  mkdirSync(join(reports, 'damaged'));
  writeFileSync(join(reports, 'damaged', 'manifest.json'), '{"runId": "damaged", "tot');
  mkdirSync(join(reports, 'cut-short'));
  symlinkSync('servers', join(reports, 'latest'));
});

describe('runs', () => {
  it('lists each run with verdict, profile, counts, start and duration, newest first; damaged ones as such', async () => {
    const runs = await listRuns(reports);
    // Runs without a time last, by id.
    expect(runs.map((run) => run.id)).toEqual(['full', 'servers', 'damaged', 'cut-short']);
    expect(runs[0]).toMatchObject({ verdict: 'failed', profile: 'distro', passed: 598, failed: 6, skipped: 233, startedAt: '2026-11-22T15:36:48.720Z', problem: undefined });
    expect(runs[0]?.seconds).toBeGreaterThan(800);
    expect(runs[1]).toMatchObject({ verdict: 'passed', passed: 66, failed: 0, skipped: 41 });
    expect(runs[2]?.problem).toMatch(/^manifest\.json is damaged: /);
    expect(runs[3]?.problem).toMatch(/^no manifest\.json/);
    const table = formatRunTable(runs, createPalette(false)).split('\n');
    expect(table[0]).toMatch(/^RUN +VERDICT +PROFILE +PASSED +FAILED +SKIPPED +STARTED \(UTC\) +DURATION$/);
    expect(table[1]).toMatch(/^full +failed +distro +598 +6 +233 +2026-11-22 15:36:48 +14m\d+s$/);
    expect(table[3]).toMatch(/^damaged +damaged +manifest\.json is damaged/);
  });

  it("finds the newest earlier run of a profile with a stream, whose timings estimate a gate's time left", async () => {
    expect((await latestRunOf(reports, 'distro'))?.id).toBe('full');
    // The gate's own run folder, made before its tempest stage, is not an earlier run.
    expect((await latestRunOf(reports, 'distro', 'full'))?.id).toBe('servers');
    expect(await latestRunOf(reports, 'devstack')).toBeUndefined();
    expect(await latestRunOf(join(reports, 'nowhere'), 'distro')).toBeUndefined();
  });

  it('the command prints the table, and with --json one document', () => {
    const text = dockenstack('runs', '--reports', reports);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[1]).toMatch(/^full +failed/);
    const document = JSON.parse(dockenstack('runs', '--reports', reports, '--json').stdout) as { schemaVersion: number; runs: Record<string, unknown>[] };
    expect(document.schemaVersion).toBe(1);
    expect(Object.keys(document.runs[0] ?? {}).sort()).toEqual(['dir', 'failed', 'id', 'passed', 'problem', 'profile', 'seconds', 'skipped', 'startedAt', 'verdict', 'voting']);
    expect(document.runs.map((run) => run.problem === null)).toEqual([true, true, false, false]);
  });

  it('a reports folder that does not exist is bad input', () => {
    const run = dockenstack('runs', '--reports', join(reports, 'nowhere'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dockenstack: --reports: .* does not exist/);
  });
});

describe('open', () => {
  it("prints the latest run's index.html without RUN, a named run's with one", () => {
    expect(dockenstack('open', '--reports', reports).stdout).toBe(`${join(reports, 'servers', 'index.html')}\n`);
    expect(dockenstack('open', 'full', '--reports', reports).stdout).toBe(`${join(reports, 'full', 'index.html')}\n`);
    expect(readFileSync(join(reports, 'full', 'index.html'), 'utf8')).toContain('<html');
  });

  it('an unknown run exits 2 with one line saying how to see the runs', () => {
    const run = dockenstack('open', 'nope', '--reports', reports);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`dockenstack: no run 'nope' in ${reports}: dockenstack runs --reports ${reports} lists them\n`);
  });

  it('opens only where there is a desktop', () => {
    expect(desktopOpener('linux', {})).toBeUndefined();
    expect(desktopOpener('linux', { DISPLAY: ':0' })).toBe('xdg-open');
    expect(desktopOpener('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe('xdg-open');
    expect(desktopOpener('darwin', {})).toBe('open');
  });
});

describe('a damaged manifest, as runs shows it', () => {
  it("quotes the parser's message without the control bytes that would drive a terminal", () => {
    const run = parseManifest('bad', '/r/bad', '\u001b[2J\u0007{', null, false);
    expect(run.problem).toMatch(/^manifest\.json is damaged: /);
    // eslint-disable-next-line no-control-regex
    expect(run.problem).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});

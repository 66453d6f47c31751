// Issue 15 items 1 and 6, with --only-regressions: a voting verdict that judges only what is new
// since a baseline still fails on a Tempest that ran a part of the selection (the baseline's tests
// it lacks are no improvement), and does not fail on a failure on the known-failures list (which
// the verdict without a baseline does not count either). Real streams of the distro stack.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportRun } from '../../../harness/report/run-report.ts';
import { reportableTests } from '../../../harness/results/collect.ts';
import type { RunResults } from '../../../harness/results/model.ts';
import { readResults } from '../../../harness/results/read-results.ts';
import { parseKnownFailures } from '../../../harness/selection/known-failures.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit');
const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-only-regressions-'));
const fullFolder = join(scratch, 'full');
const serversFolder = join(scratch, 'servers');
let full: RunResults;
let servers: RunResults;

beforeAll(async () => {
  mkdirSync(fullFolder);
  mkdirSync(serversFolder);
  writeFileSync(join(fullFolder, 'tempest.subunit'), gunzipSync(readFileSync(join(fixtures, 'distro-full.subunit.gz'))));
  copyFileSync(join(fixtures, 'compute-servers.subunit'), join(serversFolder, 'tempest.subunit'));
  full = await readResults(join(fullFolder, 'tempest.subunit'));
  servers = await readResults(join(serversFolder, 'tempest.subunit'));
});

const policy = { knownFailures: [], voting: true, threshold: 1, onlyRegressions: true };

describe('--only-regressions', () => {
  it('fails a voting verdict when the run never ran selected tests the baseline ran, though none failed', async () => {
    // The full selection, of which this run ran 102 tests (its Tempest stopped, say), against the full run.
    const selected = reportableTests(full.tests).map((test) => test.id);
    const report = await reportRun({ results: servers, selected, policy, baseline: { dir: fullFolder, label: 'full' }, pageTitle: 't' });
    expect(report.totals.failed).toBe(0);
    expect(report.verdict).toMatchObject({ passed: false, exitCode: 1 });
    expect(report.verdict?.reasons[0]).toMatch(/^7\d\d regression\(s\) since the baseline: new failures not on the known-failures list, or tests it ran that never ran here$/);
  });

  it('does not count a new failure that is on the known-failures list', async () => {
    const knownFailures = parseKnownFailures('ServerActionsTestJSON\\.test_get_console_output_with_unlimited_size  # the console RPC timed out\n', 'known-failures.txt');
    const report = await reportRun({ results: full, policy: { ...policy, knownFailures }, baseline: { dir: serversFolder, label: 'servers' }, pageTitle: 't' });
    expect(report.comparison?.against.newFailures).toHaveLength(6);
    expect(report.verdict?.reasons).toEqual(['5 regression(s) since the baseline: new failures not on the known-failures list, or tests it ran that never ran here']);
  });
});

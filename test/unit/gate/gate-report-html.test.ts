// The gate's report stage hands index.html what it knows as data: run on a copy of a real gate's
// report folder (test/fixtures/report-folder), the page's embedded data holds the environment,
// the folder's files, the failed test's request ids with their service-log lines, and the known
// failure as known.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGateReport } from '../../../harness/gate/gate-report.ts';
import type { GatePlan } from '../../../harness/plan/gate-plan.ts';
import { silentProgress } from '../../../harness/progress/console-progress.ts';
import type { PageData } from '../../../harness/report/html/page-data.ts';
import { createRedactor } from '../../../harness/report/redact.ts';
import { createRunFolder } from '../../../harness/report/run-folder.ts';
import { parseKnownFailures } from '../../../harness/selection/known-failures.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'report-folder');

describe('the gate report stage writes index.html from the run folder', () => {
  it('embeds the environment, the files, the request lines and the known failure', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'dockenstack-gate-report-'));
    cpSync(fixture, join(reports, 'run-1'), { recursive: true });
    const folder = await createRunFolder(reports, 'run-1', createRedactor([]));
    // Only what the report stage reads of a plan.
    const plan = {
      runId: 'run-1',
      profile: { name: 'distro' },
      stack: { image: { repository: 'dockenstack-distro', buildArgs: {} } },
      verdict: {
        knownFailures: parseKnownFailures('test_get_vnc_console  # no console proxy in this stack\n', 'known-failures.txt'),
        voting: false,
        threshold: 0.9,
        onlyRegressions: false,
        baselineDir: undefined,
      },
      shard: undefined,
    } as unknown as GatePlan;
    await writeGateReport(plan, folder, { stages: [], selected: undefined, imageId: 'sha256:a9b22c3e9bd0', engineHost: 'unix:///var/run/docker.sock' }, silentProgress, createRedactor([]));
    const html = readFileSync(join(reports, 'run-1', 'index.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null') as PageData;
    expect(data.environment).toMatchObject({ profile: 'distro', imageId: 'sha256:a9b22c3e9bd0', engine: 'unix:///var/run/docker.sock' });
    expect(data.environment?.localConf).toContain('vnc_console = True');
    expect(data.environment?.packages).toContain('keystone 2:22.0.2-0+deb12u3');
    expect(data.files).toEqual(expect.arrayContaining(['logs/nova/nova-api-wsgi.log', 'config/local.conf']));
    const refused = data.requests['req-db74d62e-18ec-4bc3-9f1f-b5c2c4a80bc0'] ?? [];
    expect(refused.map(([file]) => data.files[file])).toEqual(['logs/nova/nova-api-wsgi.log', 'logs/nova/nova-api-wsgi.log', 'logs/nova/nova-api-wsgi.log', 'logs/nova/nova-api-wsgi.log']);
    expect(refused.at(-1)?.[2]).toMatch(/"POST \/v2\.1\/servers\/\S+\/action" status: 400 /);
    const statuses = data.tests.map((row) => data.statuses[row[2]]);
    expect(statuses.sort()).toEqual(['known', 'passed', 'passed']);
    expect(data.reasons).toContain('known failure: no console proxy in this stack');
  });
});

// Issue 20, Found 1, through the gate's own report stage: the run's secrets, with characters that
// HTML, XML and JSON escape, never reach its report folder, its rewritten tempest.subunit or the
// step summary; the rewritten stream still parses.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeGateReport } from '../../../harness/gate/gate-report.ts';
import type { GatePlan } from '../../../harness/plan/gate-plan.ts';
import type { ProgressSink } from '../../../harness/progress/progress-sink.ts';
import { createRedactor } from '../../../harness/report/redact.ts';
import { writeRedactedSubunit } from '../../../harness/report/redact-results.ts';
import { createRunFolder } from '../../../harness/report/run-folder.ts';
import { collectStream } from '../../../harness/results/collect.ts';
import type { StageOutcome } from '../../../harness/run/stages.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';

const SECRET = 'pw"<&>\'/%ü-9x';
const quiet: ProgressSink = { stageStarted() {}, stageEnded() {}, line() {}, note() {}, close() {} };

afterEach(() => vi.unstubAllEnvs());

describe("the gate's report stage (issue 20, Found 1)", () => {
  it("Found 1: the run's own secret appears in no report file, not in the step summary, and the masked stream still parses", async () => {
    const work = mkdtempSync(join(tmpdir(), 'gate-secrets-'));
    const stepSummary = join(work, 'step-summary.md');
    vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
    const plan = {
      runId: 'r1', profile: { name: 'distro' }, verdict: { voting: true, threshold: 0.9, knownFailures: [], baselineDir: undefined, onlyRegressions: false },
      secrets: [SECRET], stack: { image: { repository: 'dockenstack-distro', buildArgs: {} } }, shard: undefined,
    } as unknown as GatePlan;
    const redact = createRedactor(plan.secrets);
    const folder = await createRunFolder(join(work, 'reports'), 'r1', redact);
    const traceback = `Traceback:\n  body={"auth": {"password": ${JSON.stringify(SECRET)}}}\nValueError: login as admin/${SECRET} failed`;
    const raw = join(work, 'raw.subunit');
    writeFileSync(raw, Buffer.concat([
      encodePacket({ testId: 'tempest.api.T.test_login', status: 2 }),
      encodePacket({ testId: 'tempest.api.T.test_login', status: 6, mimeType: 'text/x-traceback;charset=utf8', file: { name: 'traceback', bytes: Buffer.from(traceback) } }),
      encodePacket({ testId: 'tempest.api.T.test_other', status: 3 }),
    ]));
    // As the collect stage copies it out.
    await writeRedactedSubunit(raw, folder.path('tempest.subunit'), redact);
    const stages = [{ name: 'stack', status: 'failed', startedAt: new Date(), durationMs: 1, message: `stack.sh: ADMIN_PASSWORD=${SECRET} rejected` }] as unknown as StageOutcome[];
    await writeGateReport(plan, folder, { stages, selected: undefined, imageId: undefined, engineHost: 'unix:///var/run/docker.sock' }, quiet, redact);

    const files = readdirSync(folder.root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.map((f) => f.slice(folder.root.length + 1)).sort()).toEqual(['index.html', 'junit.xml', 'manifest.json', 'summary.md', 'tempest.subunit']);
    const html = SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const file of [...files, stepSummary]) {
      const text = readFileSync(file).toString('latin1') + readFileSync(file, 'utf8');
      for (const form of [SECRET, html, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET), 'pw"<&>']) expect(text.includes(form), `${file}: ${form}`).toBe(false);
    }
    const reread = await collectStream((async function* () {
      yield readFileSync(folder.path('tempest.subunit'));
    })());
    expect(reread.damageCount).toBe(0);
    expect(reread.tests.map((t) => t.status)).toEqual(['fail', 'success']);
    expect(reread.tests[0]?.attachments[0]?.text).toContain('login as admin/*** failed');
  });
});

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../harness/report/redact.ts';
import { reportRun } from '../../../harness/report/run-report.ts';
import { redactedPieces, writeRunReport } from '../../../harness/report/write-report.ts';
import { readResults } from '../../../harness/results/read-results.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');

describe('writing a report folder', () => {
  it('masks a secret that a piece boundary cuts in two', () => {
    const redact = createRedactor(['s3cret-Pa55']);
    const pieces = ['<system-out>password: s3cr', 'et-Pa55 was used\n', 'and again s3cret-Pa55</system-out>'];
    const written = [...redactedPieces(pieces, redact)].join('');
    expect(written).toBe('<system-out>password: *** was used\nand again ***</system-out>');
  });

  it('writes every reporter’s file from one reported form, the verdict in each', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dockenstack-write-'));
    const report = await reportRun({
      results: await readResults(fixture),
      policy: { knownFailures: [], voting: true, threshold: 0.9, onlyRegressions: false },
      title: 'a run',
      pageTitle: 'a run',
      environment: { runId: 'r1', profile: 'distro' },
    });
    await writeRunReport(report, out);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'junit.xml', 'manifest.json', 'summary.md']);
    const verdict = report.verdict?.passed ? 'passed' : 'failed';
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(`<property name="verdict" value="${verdict}"/>`);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(`**Verdict: ${verdict.toUpperCase()}**`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { runId: string; totals: unknown; verdict: { passed: boolean } };
    expect(manifest).toMatchObject({ runId: 'r1', totals: report.totals, verdict: { passed: report.verdict?.passed } });
  });
});

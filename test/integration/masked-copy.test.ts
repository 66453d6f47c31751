// Issue 20, Found 1, from a real container: what collect and --retry-failed bring out of the
// stack reaches the report folder masked (before, a retry's stream was copied there raw and never
// masked, and collect's raw copy sat in the report folder until it was masked).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContainer, type RunningContainer } from '../../harness/engine/container.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { copyOutMasked } from '../../harness/gate/masked-copy.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { createRedactor } from '../../harness/report/redact.ts';
import { readResults } from '../../harness/results/read-results.ts';
import { encodePacket } from '../support/subunit-encoder.ts';
import { baseImage, realEngine, removeRun, testRunId } from './support/engine-fixtures.ts';

const SECRET = 'Zq-stack-password-7731';
const runId = testRunId('masked-copy');
let engine: EngineHandle;
let container: RunningContainer;

beforeAll(async () => {
  engine = await realEngine();
  container = await startContainer(engine, { image: await baseImage(engine), name: `dockenstack-${runId}`, runId, privileged: 'never', init: true, command: ['sleep', 'infinity'] }, silentProgress);
  const stream = Buffer.concat([
    encodePacket({ testId: 'tempest.api.T.test_a', status: 6, mimeType: 'text/plain;charset=utf8', file: { name: 'traceback', bytes: Buffer.from(`Body: {"auth": {"password": "${SECRET}"}}`) } }),
    encodePacket({ testId: 'tempest.api.T.test_b', status: 3 }),
  ]);
  await container.copyIn([
    { containerPath: '/tmp/collect/logs/keystone/keystone.log', content: `DEBUG keystone [-] user admin logged in with ${SECRET}\n` },
    { containerPath: '/tmp/collect/config/tempest.conf', content: `[auth]\nadmin_password = ${SECRET}\n` },
    { containerPath: '/var/lib/dockenstack/tempest-retry-1.subunit', content: stream },
  ]);
}, 300_000);

afterAll(async () => {
  await container?.remove();
  await removeRun(engine, runId);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('copyOutMasked (issue 20, Found 1)', () => {
  it("a folder's files and a stream reach the report folder masked, nothing else beside them", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockenstack-masked-copy-'));
    const redact = createRedactor([SECRET]);
    await copyOutMasked(container, '/tmp/collect', folder, redact);
    await copyOutMasked(container, '/var/lib/dockenstack/tempest-retry-1.subunit', folder, redact);
    expect(filesUnder(folder)).toEqual(['config/tempest.conf', 'logs/keystone/keystone.log', 'tempest-retry-1.subunit']);
    for (const file of filesUnder(folder)) expect(readFileSync(join(folder, file)).toString('latin1'), file).not.toContain(SECRET);
    const retry = await readResults(join(folder, 'tempest-retry-1.subunit'));
    expect(retry.damageCount).toBe(0);
    expect(retry.tests.map((t) => t.status)).toEqual(['fail', 'success']);
    expect(retry.tests[0]?.attachments[0]?.text).toBe('Body: {"auth": {"password": "***"}}');
  }, 120_000);
});

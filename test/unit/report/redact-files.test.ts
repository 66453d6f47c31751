// Issue 20, Found 1, for the files a run brings out of its stack (logs, configs, the retries'
// streams): each reaches the report folder masked, whatever its size, and the copied stream parses.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../harness/report/redact.ts';
import { copyRedactedTree } from '../../../harness/report/redact-files.ts';
import { readResults } from '../../../harness/results/read-results.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';

const SECRET = 'Zq-run-secret-0042';

describe('copyRedactedTree (issue 20, Found 1)', () => {
  it("masks every file of a tree, a secret across a 64 KiB read piece and a UTF-8 character across one included, and leaves the source as it was", async () => {
    const work = mkdtempSync(join(tmpdir(), 'redact-files-'));
    const from = join(work, 'from');
    mkdirSync(join(from, 'logs', 'nova'), { recursive: true });
    mkdirSync(join(from, 'config'));
    // The secret starts 5 bytes before the first 64 KiB piece ends; an 'é' sits across the second's end.
    const first = `${'x'.repeat(64 * 1024 - 5)}${SECRET} after\n`;
    const log = `${first}${'y'.repeat(128 * 1024 - Buffer.byteLength(first) - 1)}é tail ${SECRET}\n`;
    writeFileSync(join(from, 'logs', 'nova', 'nova-compute.log'), log);
    writeFileSync(join(from, 'config', 'nova.conf'), `[DEFAULT]\ntransport_url = rabbit://stackrabbit:unknownPw9@127.0.0.1:5672/\n`);
    const stream = Buffer.concat([
      encodePacket({ testId: 'tempest.api.T.test_a', status: 6, mimeType: 'text/plain;charset=utf8', file: { name: 'traceback', bytes: Buffer.from(`login with ${SECRET} failed`) } }),
      encodePacket({ testId: 'tempest.api.T.test_b', status: 3 }),
    ]);
    writeFileSync(join(from, 'tempest-retry-1.subunit'), stream);

    await copyRedactedTree(from, join(work, 'to'), createRedactor([SECRET]));

    const to = join(work, 'to');
    const files = readdirSync(to, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(to.length + 1));
    expect(files.sort()).toEqual(['config/nova.conf', 'logs/nova/nova-compute.log', 'tempest-retry-1.subunit']);
    for (const file of files) expect(readFileSync(join(to, file)).toString('latin1'), file).not.toContain(SECRET);
    expect(readFileSync(join(to, 'logs', 'nova', 'nova-compute.log'), 'utf8')).toBe(log.replaceAll(SECRET, '***'));
    expect(readFileSync(join(to, 'config', 'nova.conf'), 'utf8')).toContain('rabbit://stackrabbit:***@127.0.0.1');
    const copied = await readResults(join(to, 'tempest-retry-1.subunit'));
    expect(copied.damageCount).toBe(0);
    expect(copied.tests.map((t) => [t.id, t.status])).toEqual([['tempest.api.T.test_a', 'fail'], ['tempest.api.T.test_b', 'success']]);
    expect(readFileSync(join(from, 'logs', 'nova', 'nova-compute.log'), 'utf8')).toBe(log);
  });
});

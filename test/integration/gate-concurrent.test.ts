// Two gates at once on one engine: both finish, each with its own container, labels and report
// folder, and neither leaves anything behind.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listManaged } from '../../harness/engine/cleanup.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli } from './support/run-cli.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-concurrent-'));

const gate = (runId: string, regex: string) => runCli(['gate', '--run-id', runId, '--reports', reports, '--regex', regex, '--voting']);

describe('two gates at once on one engine', () => {
  it('both pass, isolated from each other', async () => {
    const [a, b] = await Promise.all([gate('it-twin-a', 'FlavorsV2TestJSON\\.test_list_flavors\\['), gate('it-twin-b', 'FlavorsV2TestJSON\\.test_get_flavor\\[')]);
    expect(a.code, a.output.slice(-2000)).toBe(0);
    expect(b.code, b.output.slice(-2000)).toBe(0);
    const manifest = (runId: string) => JSON.parse(readFileSync(join(reports, runId, 'manifest.json'), 'utf8')) as { runId: string; totals: { passed: number } };
    expect(manifest('it-twin-a')).toMatchObject({ runId: 'it-twin-a', totals: { passed: 1 } });
    expect(manifest('it-twin-b')).toMatchObject({ runId: 'it-twin-b', totals: { passed: 1 } });
    expect(readFileSync(join(reports, 'it-twin-a', 'junit.xml'), 'utf8')).toContain('test_list_flavors[');
    expect(readFileSync(join(reports, 'it-twin-b', 'junit.xml'), 'utf8')).toContain('test_get_flavor[');
    const engine = await realEngine();
    const left = (await listManaged(engine)).filter((r) => r.type === 'container' && r.runId?.startsWith('it-twin'));
    expect(left).toEqual([]);
  });
});

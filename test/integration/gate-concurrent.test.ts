// Two gates at once on one engine: both finish, each with its own container, labels and report
// folder, and neither leaves anything behind.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listManaged } from '../../harness/engine/cleanup.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli } from '../support/run-cli.ts';

// Own to this process: two checkouts testing at once must not share a run.
const TWIN_A = `it-twin-a-${process.pid}`;
const TWIN_B = `it-twin-b-${process.pid}`;

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-concurrent-'));

const gate = (runId: string, regex: string) => runCli(['gate', '--run-id', runId, '--reports', reports, '--regex', regex, '--voting']);

describe('two gates at once on one engine', () => {
  it('both pass, isolated from each other', async () => {
    const [a, b] = await Promise.all([gate(TWIN_A, 'FlavorsV2TestJSON\\.test_list_flavors\\['), gate(TWIN_B, 'FlavorsV2TestJSON\\.test_get_flavor\\[')]);
    expect(a.code, a.output.slice(-2000)).toBe(0);
    expect(b.code, b.output.slice(-2000)).toBe(0);
    const manifest = (runId: string) => JSON.parse(readFileSync(join(reports, runId, 'manifest.json'), 'utf8')) as { runId: string; totals: { passed: number } };
    expect(manifest(TWIN_A)).toMatchObject({ runId: TWIN_A, totals: { passed: 1 } });
    expect(manifest(TWIN_B)).toMatchObject({ runId: TWIN_B, totals: { passed: 1 } });
    expect(readFileSync(join(reports, TWIN_A, 'junit.xml'), 'utf8')).toContain('test_list_flavors[');
    expect(readFileSync(join(reports, TWIN_B, 'junit.xml'), 'utf8')).toContain('test_get_flavor[');
    const engine = await realEngine();
    const left = (await listManaged(engine)).filter((r) => r.type === 'container' && (r.runId === TWIN_A || r.runId === TWIN_B));
    expect(left).toEqual([]);
  });
});

// The older release stays gateable: profile distro-zed (OpenStack Zed from Debian bookworm) brings
// its own stack up on the same Docker driver, whose ports go on the linuxbridge agent's bridges
// there, and passes a small selection that boots, reboots and snapshots real containers.
// The full Zed selection is `npm run gate -- --profile distro-zed`; CI's time goes to the default.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listManaged } from '../../harness/engine/cleanup.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli } from '../support/run-cli.ts';

// Own to this process: two checkouts testing at once must not share a run.
const ZED = `it-distro-zed-${process.pid}`;

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-zed-'));
const SELECTION = [
  '^tempest\\.api\\.identity\\.v3\\.test_tokens\\.',
  '^tempest\\.api\\.image\\.v2\\.test_images\\.BasicOperationsImagesTest\\.',
  'ServerActionsTestJSON\\.test_(reboot_server_hard|get_console_output\\[|create_backup)',
  '^tempest\\.api\\.compute\\.images\\.test_images_oneserver\\.',
].join(' ');

describe('npm run gate -- --profile distro-zed', () => {
  afterAll(async () => {
    const engine = await realEngine();
    const left = (await listManaged(engine)).filter((r) => r.type === 'container' && r.runId === ZED);
    expect(left).toEqual([]);
  });

  it('brings Zed up from bookworm and passes a small selection', async () => {
    const { code, output } = await runCli(['gate', '--profile', 'distro-zed', '--run-id', ZED, '--reports', reports, '--regex', SELECTION, '--voting']);
    expect(code, output.slice(-3000)).toBe(0);
    const run = join(reports, ZED);
    const versions = readFileSync(join(run, 'versions.txt'), 'utf8');
    expect(versions).toMatch(/^python3-nova 2:26\./m);
    expect(versions).toMatch(/^python3-tempest 1:33\./m);
    expect(versions).toMatch(/^neutron-linuxbridge-agent /m);
    // Zed's neutron binds the port as `bridge`: the driver put its tap on the network's brq bridge.
    const verify = readFileSync(join(run, 'logs', 'verify.log'), 'utf8');
    expect(verify).toMatch(/ok {3}hypervisor reports the 'docker' driver: type docker, compute_driver dockenstack\.docker_driver\.DockerDriver/);
    const seen = /ok {3}a server boots on the docker driver: server \S+ ACTIVE in \d+s as container \S+; port (\S+) ACTIVE \(vif_type bridge: device (tap\S{11}) on brq\S{11}, seen by neutron-linuxbridge-agent\), eth0 [0-9a-f:]{17} 10\.1\.0\.\d+ inside;/.exec(verify);
    expect(seen, verify).not.toBeNull();
    expect(readFileSync(join(run, 'logs', 'neutron', 'neutron-linuxbridge-agent.log'), 'utf8')).toContain(`Port ${seen?.[2] ?? '?'} updated`);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { totals: { passed: number; failed: number } };
    expect(manifest.totals.failed).toBe(0);
    // Tempest 33 has 12 tests in SELECTION: 3 token, 4 BasicOperationsImagesTest, 3 server
    // actions, 2 images_oneserver (seen in this test's junit.xml, 2026-11-30).
    expect(manifest.totals.passed).toBeGreaterThanOrEqual(12);
  });
});

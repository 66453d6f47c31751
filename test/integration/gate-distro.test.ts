// The default gate, end to end, for real: Debian's OpenStack in the dockenstack container, real
// Tempest, reports read back. Uses the CI selection (a few minutes); the full selection is the
// documented `npm run gate`.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { listManaged } from '../../harness/engine/cleanup.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli } from './support/run-cli.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-gate-'));
// Known passwords, so every report file can be searched for them.
const secrets = { ADMIN_PASSWORD: 'adm1n-Zq8wX3', DATABASE_PASSWORD: 'db-Pw7Lk2Rt9', RABBIT_PASSWORD: 'rbt-Mx4Nc8Vb1', SERVICE_PASSWORD: 'svc-Qa2Ws5Ed8' };

const gate = (args: string[]) => runCli(['gate', '--reports', reports, ...Object.entries(secrets).flatMap(([k, v]) => ['--set', `${k}=${v}`]), ...args]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)).filter((path) => statSync(path).isFile());
}

describe('npm run gate (distro profile: Epoxy on trixie)', () => {
  afterAll(async () => {
    const engine = await realEngine();
    const left = (await listManaged(engine)).filter((r) => r.type === 'container' && (r.runId === 'it-distro' || r.runId === 'it-driver'));
    expect(left).toEqual([]);
  });

  it('brings the stack up, runs the CI selection and reports a passing verdict', async () => {
    const { code, output } = await gate(['--run-id', 'it-distro', '--include-list', 'tempest-filters/distro/include-ci.txt', '--voting']);
    expect(code, output.slice(-3000)).toBe(0);
    const run = join(reports, 'it-distro');
    for (const name of ['junit.xml', 'summary.md', 'index.html', 'manifest.json', 'tempest.subunit', 'config/local.conf', 'config/nova.conf', 'config/tempest.conf', 'logs/stack.log', 'logs/tempest/tempest.log']) {
      expect(existsSync(join(run, name)), name).toBe(true);
    }
    expect(readFileSync(join(reports, 'latest', 'manifest.json'), 'utf8')).toContain('"runId": "it-distro"');
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { totals: { total: number; passed: number; failed: number }; stages: { name: string; status: string; seconds: number }[]; verdict: { passed: boolean } };
    expect(manifest.verdict.passed).toBe(true);
    expect(manifest.totals.failed).toBe(0);
    expect(manifest.totals.passed).toBeGreaterThanOrEqual(60);
    expect(manifest.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['plan:passed', 'image:passed', 'boot:passed', 'stack:passed', 'verify:passed', 'tempest:passed', 'collect:passed']);
    const verify = readFileSync(join(run, 'logs', 'verify.log'), 'utf8');
    expect(verify).toMatch(/ok {3}hypervisor reports the 'fake' driver: type fake, compute_driver dockenstack\.driver\.DockenstackDriver/);
    expect(verify).toMatch(/ok {3}glance accepts container_format=docker/);
    expect(readFileSync(join(run, 'config', 'tempest.conf'), 'utf8')).toMatch(/container_formats = .*docker/);
    // The default is the current release: Debian trixie's 2025.1 (Epoxy).
    const versions = readFileSync(join(run, 'versions.txt'), 'utf8');
    expect(versions).toMatch(/^python3-nova 2:31\./m);
    expect(versions).toMatch(/^python3-tempest 1:43\./m);
    // The driver operations the seed gate cared about ran and passed.
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(run, 'junit.xml'), 'utf8')) as { testsuites: { testsuite: { name: string; testcase: { name: string; failure?: unknown; skipped?: unknown }[] }[] } };
    const tempest = junit.testsuites.testsuite.find((s) => s.name === 'tempest');
    const passed = (tempest?.testcase ?? []).filter((c) => c.failure === undefined && c.skipped === undefined).map((c) => c.name);
    for (const operation of ['test_reboot_server_hard', 'test_get_console_output', 'test_create_delete_image', 'test_list_servers', 'test_delete_server_while_in_building_state'].slice(0, 3)) {
      expect(passed.some((name) => name.startsWith(operation)), operation).toBe(true);
    }
  });

  it('writes none of the run’s passwords into any report file', () => {
    const files = filesUnder(join(reports, 'it-distro'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const [name, value] of Object.entries(secrets)) expect(text.includes(value), `${name} in ${file}`).toBe(false);
    }
  });

  it("installs a developer's driver checkout with --driver-src and uses it", async () => {
    const { code, output } = await gate([
      '--run-id', 'it-driver',
      '--driver-src', 'test/fixtures/driver',
      '--regex', 'ServerActionsTestJSON\\.test_(reboot_server_hard|get_console_output\\[)',
    ]);
    expect(code, output.slice(-3000)).toBe(0);
    const run = join(reports, 'it-driver');
    expect(readFileSync(join(run, 'logs', 'verify.log'), 'utf8')).toMatch(/compute_driver dockenstack_test_driver\.driver\.TestDriver/);
    expect(readFileSync(join(run, 'config', 'nova.conf'), 'utf8')).toMatch(/compute_driver = dockenstack_test_driver\.driver\.TestDriver/);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { totals: { passed: number; failed: number } };
    expect(manifest.totals).toMatchObject({ passed: 2, failed: 0 });
  });
});

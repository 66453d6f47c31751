// The default gate, end to end, for real: Debian's OpenStack in the dockenstack container, real
// Tempest, reports read back. Uses the CI selection (a few minutes); the full selection is the
// documented `npm run gate`.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { listManaged } from '../../harness/engine/cleanup.ts';
import { readResults } from '../../harness/results/read-results.ts';
import { classNameOf } from '../../harness/results/test-id.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli } from '../support/run-cli.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-gate-'));
// Run ids (container names) of their own, so two checkouts can run this file on one engine.
const DISTRO = `it-distro-${process.pid}`;
const DRIVER = `it-driver-${process.pid}`;
// Known passwords, so every report file can be searched for them.
const secrets = { ADMIN_PASSWORD: 'adm1n-Zq8wX3', DATABASE_PASSWORD: 'db-Pw7Lk2Rt9', RABBIT_PASSWORD: 'rbt-Mx4Nc8Vb1', SERVICE_PASSWORD: 'svc-Qa2Ws5Ed8' };

const gate = (args: string[]) => runCli(['gate', '--reports', reports, ...Object.entries(secrets).flatMap(([k, v]) => ['--set', `${k}=${v}`]), ...args]);

interface EngineEvent {
  readonly Type: string;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Readonly<Record<string, string | undefined>> };
}

/** The inner engine's events of a run, as dockenstack-collect copied them out. */
function engineEvents(runId: string): EngineEvent[] {
  const lines = readFileSync(join(reports, runId, 'logs', 'docker', 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  return lines.map((line) => JSON.parse(line) as EngineEvent);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)).filter((path) => statSync(path).isFile());
}

describe('npm run gate (distro profile: Epoxy on trixie)', () => {
  afterAll(async () => {
    const engine = await realEngine();
    const left = (await listManaged(engine)).filter((r) => r.type === 'container' && (r.runId === DISTRO || r.runId === DRIVER));
    expect(left).toEqual([]);
  });

  it('brings the stack up, runs the CI selection and reports a passing verdict', async () => {
    const { code, output } = await gate(['--run-id', DISTRO, '--include-list', 'tempest-filters/distro/include-ci.txt', '--voting']);
    expect(code, output.slice(-3000)).toBe(0);
    const run = join(reports, DISTRO);
    for (const name of ['junit.xml', 'summary.md', 'index.html', 'manifest.json', 'tempest.subunit', 'config/local.conf', 'config/nova.conf', 'config/tempest.conf', 'logs/stack.log', 'logs/tempest/tempest.log']) {
      expect(existsSync(join(run, name)), name).toBe(true);
    }
    expect(readFileSync(join(reports, 'latest', 'manifest.json'), 'utf8')).toContain(`"runId": "${DISTRO}"`);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { totals: { total: number; passed: number; failed: number }; stages: { name: string; status: string; seconds: number }[]; verdict: { passed: boolean } };
    expect(manifest.verdict.passed).toBe(true);
    expect(manifest.totals.failed).toBe(0);
    // Epoxy's CI list on the docker driver, seen 2026-11-30 (gate cli-1): 72 tests, 69 passed, 3
    // skipped (suspend, and the two validation tests). 51 passed before glance took Tempest's
    // placeholder image data (ListUserImagesTest) and the driver changed passwords.
    expect(manifest.totals.passed).toBeGreaterThanOrEqual(68);
    expect(manifest.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['plan:passed', 'image:passed', 'boot:passed', 'stack:passed', 'verify:passed', 'tempest:passed', 'collect:passed']);
    const verify = readFileSync(join(run, 'logs', 'verify.log'), 'utf8');
    expect(verify).toMatch(/ok {3}hypervisor reports the 'docker' driver: type docker, compute_driver dockenstack\.docker_driver\.DockerDriver/);
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
    for (const operation of ['test_reboot_server_hard', 'test_get_console_output', 'test_stop_start_server', 'test_pause_unpause_server', 'test_create_server_from_snapshot', 'test_delete_image', 'test_change_server_password']) {
      expect(passed.some((name) => name.startsWith(operation)), operation).toBe(true);
    }
  });

  it("keeps every Tempest worker's requests in one log: each class that passed a test is in it", async () => {
    const run = join(reports, DISTRO);
    const results = await readResults(join(run, 'tempest.subunit'));
    const classes = new Set(results.tests.filter((t) => t.status === 'success').map((t) => classNameOf(t.id).split('.').pop()));
    expect(classes.size).toBeGreaterThan(5);
    const log = readFileSync(join(run, 'logs', 'tempest', 'tempest.log'), 'utf8');
    // `tempest init`'s logging.conf had each worker write over the others' lines: most classes'
    // requests were lost.
    const logged = new Set([...log.matchAll(/Request \((\w+):/g)].map((m) => m[1]));
    expect([...classes].filter((name) => !logged.has(name))).toEqual([]);
  });

  it("boots verify's server for real: its container holds the port's MAC and IP, the port went ACTIVE through the Open vSwitch agent, the console is the container's", () => {
    const verify = readFileSync(join(reports, DISTRO, 'logs', 'verify.log'), 'utf8');
    // Epoxy's neutron has no linuxbridge: the port is bound as `ovs` and its tap is a port of br-int.
    const seen = /ok {3}a server boots on the docker driver: server (\S+) ACTIVE in \d+s as container nova-\1; port (\S+) ACTIVE \(vif_type ovs: device (tap\S{11}) on br-int, seen by neutron-openvswitch-agent\), eth0 ([0-9a-f:]{17}) (10\.1\.0\.\d+) inside; console has "dockenstack test image: \/init started"; soft reboot kept eth0 and the port ACTIVE; deleted, containers gone/.exec(verify);
    expect(seen, verify).not.toBeNull();
    const [, server, port, tap] = seen ?? [];
    expect(tap).toBe(`tap${port?.slice(0, 11)}`);
    const agent = readFileSync(join(reports, DISTRO, 'logs', 'neutron', 'neutron-openvswitch-agent.log'), 'utf8');
    expect(agent).toMatch(new RegExp(`Port ${port} updated`));
    // The server's own containers left the engine with it.
    const events = engineEvents(DISTRO);
    expect(events.some((e) => e.Action === 'destroy' && e.Actor.Attributes['org.openstack.nova.instance'] === server)).toBe(true);
  });

  it("shows from the inner engine's events that each server operation reached the engine", () => {
    const events = engineEvents(DISTRO);
    const servers = events.filter((e) => e.Type === 'container' && e.Actor.Attributes['org.openstack.nova.role'] === 'server');
    const did = (action: string, extra: (e: EngineEvent) => boolean = () => true) => servers.some((e) => e.Action === action && extra(e));
    expect(did('create'), 'create').toBe(true);
    expect(did('start'), 'start').toBe(true);
    expect(did('restart'), 'soft reboot').toBe(true);
    expect(did('kill', (e) => e.Actor.Attributes.signal === '9'), 'hard reboot').toBe(true);
    expect(did('stop'), 'stop').toBe(true);
    expect(did('pause') && did('unpause'), 'pause/unpause').toBe(true);
    expect(did('destroy'), 'delete').toBe(true);
    // A password change: run inside the server, the password in the exec's environment only.
    const execs = servers.filter((e) => e.Action.startsWith('exec_start'));
    expect(execs.some((e) => /chpasswd/.test(e.Action)), 'set password').toBe(true);
    // A snapshot: the server committed as nova-snapshot:<image id>, and a later server created
    // from nova-image:<the same id>, which the driver loaded from Glance.
    const snapshots = events.filter((e) => e.Type === 'image' && e.Action === 'tag').map((e) => /^nova-snapshot:(\S+)$/.exec(e.Actor.Attributes.name ?? '')?.[1]).filter((id) => id !== undefined);
    expect(did('commit'), 'commit').toBe(true);
    expect(snapshots.length, 'snapshot tags').toBeGreaterThan(0);
    const bootedFrom = new Set(servers.filter((e) => e.Action === 'create').map((e) => e.Actor.Attributes.image));
    expect(snapshots.some((id) => bootedFrom.has(`nova-image:${id}`)), 'a server booted from a snapshot').toBe(true);
    // `docker ps -a` as the run ended: a table (empty when every server was deleted, as here).
    expect(readFileSync(join(reports, DISTRO, 'logs', 'docker', 'ps-a.txt'), 'utf8')).toMatch(/^CONTAINER ID\s+IMAGE\s+STATUS\s+NAMES/);
  });

  it('writes none of the run’s passwords into any report file', () => {
    const files = filesUnder(join(reports, DISTRO));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const [name, value] of Object.entries(secrets)) expect(text.includes(value), `${name} in ${file}`).toBe(false);
    }
  });

  it("installs a developer's driver checkout with --driver-src and uses it", async () => {
    const { code, output } = await gate([
      '--run-id', DRIVER,
      '--driver-src', 'test/fixtures/driver',
      '--regex', 'ServerActionsTestJSON\\.test_(reboot_server_hard|get_console_output\\[)',
    ]);
    expect(code, output.slice(-3000)).toBe(0);
    const run = join(reports, DRIVER);
    expect(readFileSync(join(run, 'logs', 'verify.log'), 'utf8')).toMatch(/ok {3}hypervisor reports the 'docker' driver: type docker, compute_driver dockenstack_test_driver\.driver\.TestDriver/);
    expect(readFileSync(join(run, 'logs', 'verify.log'), 'utf8')).toMatch(/ok {3}a server boots on the docker driver/);
    expect(readFileSync(join(run, 'config', 'nova.conf'), 'utf8')).toMatch(/compute_driver = dockenstack_test_driver\.driver\.TestDriver/);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { totals: { passed: number; failed: number } };
    expect(manifest.totals).toMatchObject({ passed: 2, failed: 0 });
  });
});

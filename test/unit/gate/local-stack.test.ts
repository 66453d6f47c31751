// Issue 18: the pure parts of a local stack: its access files, the way `exec` splits its words,
// how `ls` shows runs, and that cleaning treats a stack that is up as a live run.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitWords } from '../../../harness/commands/exec.ts';
import { planCleanup, type ManagedResource } from '../../../harness/engine/cleanup.ts';
import { currentOwner } from '../../../harness/engine/run-owner.ts';
import { formatAge, formatRunTable } from '../../../harness/gate/past-runs.ts';
import { upStackOf } from '../../../harness/gate/stacks-up.ts';
import { describeUpStack, isRemoteEngine, writeCredentials, type UpStackRecord } from '../../../harness/gate/up-stack.ts';
import { credentialsDirOf } from '../../../harness/run/credentials-dir.ts';
import { renderCloudsYaml, renderOpenrc } from '../../../harness/stacks/stack-access.ts';
import { DISTRO } from '../../../harness/stacks/distro.ts';
import { DEVSTACK } from '../../../harness/stacks/devstack.ts';

const access = { authUrl: 'http://172.17.0.5:5000/v3', adminPassword: "it's-a-secret$x", region: 'RegionOne' };

describe('the access files up writes', () => {
  it('openrc, sourced by sh, sets the admin variables exactly, quotes and dollars included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openrc-'));
    writeFileSync(join(dir, 'openrc'), renderOpenrc(access));
    const out = spawnSync('sh', ['-c', '. ./openrc && printf "%s\\n" "$OS_AUTH_URL" "$OS_PASSWORD" "$OS_USERNAME" "$OS_PROJECT_NAME" "$OS_REGION_NAME"'], { cwd: dir, encoding: 'utf8' });
    expect(out.stdout.split('\n').slice(0, 5)).toEqual(['http://172.17.0.5:5000/v3', "it's-a-secret$x", 'admin', 'admin', 'RegionOne']);
  });

  it('clouds.yaml defines the cloud "dockenstack" with the same credentials, strings quoted', () => {
    const yaml = renderCloudsYaml(access);
    expect(yaml).toMatch(/^clouds:\n {2}dockenstack:\n {4}auth:\n {6}auth_url: "http:\/\/172\.17\.0\.5:5000\/v3"$/m);
    expect(yaml).toContain(`password: ${JSON.stringify(access.adminPassword)}`);
    expect(yaml).toMatch(/region_name: "RegionOne"/);
  });

  // Issue 20: reports/ is what CI publishes (GitLab's artifacts take all of it); before, up wrote
  // both files into reports/<run-id>/.
  it("go to the user's state folder, outside every reports folder: $XDG_STATE_HOME, else ~/.local/state", () => {
    expect(credentialsDirOf('s1', { XDG_STATE_HOME: '/home/u/.state', HOME: '/home/u' })).toBe('/home/u/.state/dockenstack/stacks/s1');
    expect(credentialsDirOf('s1', { XDG_STATE_HOME: 'relative', HOME: '/home/u' })).toMatch(/\/\.local\/state\/dockenstack\/stacks\/s1$/);
  });

  it('are written readable by their owner only, the folder too, even over an earlier stack\'s world-readable files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'credentials-')), 'stacks', 's1');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, 'openrc'), 'old', { mode: 0o644 });
    chmodSync(join(dir, 'openrc'), 0o644);
    await writeCredentials(dir, access);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of ['clouds.yaml', 'openrc']) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
    expect(readFileSync(join(dir, 'openrc'), 'utf8')).toBe(renderOpenrc(access));
    expect(readFileSync(join(dir, 'clouds.yaml'), 'utf8')).toBe(renderCloudsYaml(access));
  });

  it("names keystone where each kind of stack serves it", () => {
    expect(DISTRO.identityUrl('10.0.0.2')).toBe('http://10.0.0.2:5000/v3');
    expect(DEVSTACK.identityUrl('10.0.0.2')).toBe('http://10.0.0.2/identity/v3');
  });
});

describe('exec [RUN] -- CMD', () => {
  const argv = (...words: string[]) => ['node', 'dockenstack', 'exec', ...words];
  it('takes the run before -- and the command after it, options of the command included', () => {
    expect(splitWords(['r1', 'openstack', 'server', 'list', '-f', 'json'], argv('r1', '--', 'openstack', 'server', 'list', '-f', 'json'))).toEqual({ runId: 'r1', command: ['openstack', 'server', 'list', '-f', 'json'] });
    expect(splitWords(['ls', '-l'], argv('--', 'ls', '-l'))).toEqual({ runId: undefined, command: ['ls', '-l'] });
  });
  it('refuses a missing --, an empty command and two runs', () => {
    expect(() => splitWords(['r1', 'ls'], argv('r1', 'ls'))).toThrow(/the command goes after --/);
    expect(() => splitWords(['r1'], argv('r1', '--'))).toThrow(/no command after --/);
    expect(() => splitWords(['a', 'b', 'ls'], argv('a', 'b', '--', 'ls'))).toThrow(/one RUN before --, not 2 words/);
  });
});

describe('stacks that are up', () => {
  const stack = (over: Partial<ManagedResource>): ManagedResource => ({ type: 'container', id: 'c1', name: 'dockenstack-s1', runId: 's1', kind: 'container', state: 'running', stayUp: true, profile: 'distro', ...over });
  const gone = { host: 'elsewhere-never', pid: 1, started: '2026-11-30T04:00:00.000Z' };

  it('are live for cleaning while they run, though their up exited; a stopped one and a gate\'s are not', () => {
    const resources = [stack({}), stack({ id: 'c2', name: 'dockenstack-s2', runId: 's2', state: 'exited' }), stack({ id: 'c3', name: 'dockenstack-g', runId: 'g', stayUp: undefined })];
    const { remove, keep } = planCleanup(resources, { images: true, probe: { host: 'here', processStart: () => undefined } });
    expect(keep.map((k) => k.resource.name)).toEqual(['dockenstack-s1']);
    expect(keep[0]?.reason).toMatch(/a stack that is up \(dockenstack down s1 removes it\); --force removes it/);
    expect(remove.map((r) => r.name)).toEqual(['dockenstack-s2', 'dockenstack-g']);
    expect(planCleanup(resources, { force: true }).remove).toHaveLength(3);
    // While its up still runs, it is that process's live run, as a gate's is.
    const coming = planCleanup([stack({ owner: currentOwner(new Date(Date.now() + 5000)) })], {}).keep[0]?.reason;
    expect(coming).toMatch(new RegExp(`run s1 is live: process ${process.pid} on `));
  });

  it("are 'coming up' while their up runs, 'up' after, 'stopped' when the container does not run", () => {
    expect(upStackOf(stack({ owner: currentOwner(new Date(Date.now() + 5000)) }))?.state).toBe('coming up');
    expect(upStackOf(stack({ owner: { ...gone, host: 'x' } }))?.state).toBe('up');
    expect(upStackOf(stack({ state: 'exited' }))?.state).toBe('stopped');
    expect(upStackOf(stack({ stayUp: undefined }))).toBeUndefined();
  });
});

describe('what up prints and ls lists', () => {
  const record: UpStackRecord = {
    runId: 's1', profile: 'distro', container: 'dockenstack-s1', address: '172.17.0.5', engine: 'unix:///var/run/docker.sock', image: 'dockenstack-distro:abc',
    upAt: '2026-11-30T07:00:00.000Z', authUrl: access.authUrl, endpoints: [{ type: 'compute', url: 'http://172.17.0.5:8774/v2.1' }, { type: 'identity', url: 'http://172.17.0.5:5000/v3/' }],
    snapshot: null,
    dashboard: null,
  };

  it('up: every endpoint, the credentials and the next commands; on a remote engine, where the addresses answer', () => {
    const context = { folder: '/r/s1', credentialsDir: '/home/u/.local/state/dockenstack/stacks/s1' };
    const local = describeUpStack(record, { ...context, reachable: true, reachError: undefined, remoteEngine: false });
    expect(local).toMatch(/^ {2}compute {6}http:\/\/172\.17\.0\.5:8774\/v2\.1$/m);
    expect(local).toContain('OS_CLIENT_CONFIG_FILE=/home/u/.local/state/dockenstack/stacks/s1/clouds.yaml openstack --os-cloud dockenstack server list');
    expect(local).not.toContain('/r/s1/clouds.yaml');
    expect(local).not.toMatch(/engine's host|warning/);
    const remote = describeUpStack({ ...record, engine: 'tcp://h:2375' }, { ...context, reachable: false, reachError: 'x', remoteEngine: true });
    expect(remote).toMatch(/on the engine's host \(tcp:\/\/h:2375\), not this one/);
    expect(describeUpStack(record, { ...context, reachable: false, reachError: 'http://… does not answer', remoteEngine: false })).toMatch(/warning: http:\/\/… does not answer; dockenstack exec/);
    expect(isRemoteEngine('unix:///var/run/docker.sock')).toBe(false);
    expect(isRemoteEngine('tcp://h:2375')).toBe(true);
  });

  it("up: Horizon's URL beside the APIs when local.conf enables it, and how to log in (no password on the console)", () => {
    const withHorizon = describeUpStack({ ...record, dashboard: 'http://172.17.0.5/' }, { folder: '/r/s1', credentialsDir: '/home/u/.local/state/dockenstack/stacks/s1', reachable: true, reachError: undefined, remoteEngine: false });
    expect(withHorizon).toMatch(/^ {2}dashboard {4}http:\/\/172\.17\.0\.5\/ \(Horizon: log in as admin, the password in openrc\)$/m);
    expect(describeUpStack(record, { folder: '/r/s1', credentialsDir: '/home/u/.local/state/dockenstack/stacks/s1', reachable: true, reachError: undefined, remoteEngine: false })).not.toMatch(/dashboard|Horizon/);
    expect(DISTRO.dashboardUrl?.('10.0.0.2')).toBe('http://10.0.0.2/');
    expect(DEVSTACK.dashboardUrl).toBeUndefined();
  });

  it('ls: one aligned line per run, with its age', () => {
    const now = Date.parse('2026-11-30T08:00:00Z');
    const table = formatRunTable([{ runId: 's1', profile: 'distro', state: 'up', atMs: now - 5 * 60_000 }, { runId: 'gate-long-name', profile: 'distro-zed', state: 'passed', atMs: now - 3 * 3600_000 }], now);
    expect(table.split('\n')).toEqual(['RUN ID          PROFILE     STATE   AGE', 's1              distro      up      5m', 'gate-long-name  distro-zed  passed  3h', '']);
    expect(formatAge(25 * 3600_000 + 60_000)).toBe('25h1m');
    expect(formatAge(72 * 3600_000)).toBe('3d');
    expect(formatRunTable([], now)).toBe('no stacks and no past runs\n');
  });
});

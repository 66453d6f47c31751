// Issue 18: a local stack, for real. ONE `up` (the distro profile, Epoxy on trixie, our Docker
// compute driver, Horizon enabled) is shared by every test here, in order: what it prints and
// writes, the written credentials used from this host, ls, exec, Horizon in chromium, tempest
// against it, clean leaving it alone, down; then an `up` stopped by Ctrl-C, which must leave nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { listManaged, removeManaged } from '../../harness/engine/cleanup.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-local-stack-'));
const STACK = `it-up-${process.pid}`;
const INTERRUPTED = `it-up-int-${process.pid}`;
const BYSTANDER = `it-up-other-${process.pid}`;
const folder = join(reports, STACK);
// up's credentials go to the user's state folder (issue 20: never into reports/): this test's own.
process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'dockenstack-state-'));
const credentials = join(process.env.XDG_STATE_HOME, 'dockenstack', 'stacks', STACK);

interface CloudsYaml {
  readonly clouds: { readonly dockenstack: { readonly auth: { readonly auth_url: string; readonly username: string; readonly password: string; readonly project_name: string }; readonly region_name: string } };
}

interface Token {
  readonly token: { readonly catalog: readonly { readonly type: string; readonly endpoints: readonly { readonly interface: string; readonly url: string }[] }[] };
}

async function containersOf(runId: string) {
  return (await listManaged(await realEngine(), { runId })).filter((r) => r.type === 'container');
}

let up: CliRun;

describe('dockenstack up, ls, exec, tempest, down (one distro stack)', () => {
  beforeAll(async () => {
    const engine = await realEngine();
    for (const runId of [STACK, INTERRUPTED, BYSTANDER]) await removeManaged(engine, { runId, force: true });
    // Stacked afresh, whatever snapshot the engine holds, and not snapshotted (up-snapshot.test.ts
    // tests that): these tests are about the stack, not about how it came up.
    up = await runCli(['up', '--run-id', STACK, '--reports', reports, '--horizon', '--fresh', '--no-save']);
  });

  afterAll(async () => {
    const engine = await realEngine();
    for (const runId of [STACK, INTERRUPTED, BYSTANDER]) await removeManaged(engine, { runId, force: true });
  });

  it('up: exits 0 with the stack running, and prints where each API answers and how to use it', async () => {
    expect(up.code, up.output.slice(-3000)).toBe(0);
    const [container] = await containersOf(STACK);
    expect(container?.state).toBe('running');
    const address = /is up: profile distro, container dockenstack-\S+ at (\d+\.\d+\.\d+\.\d+)/.exec(up.output)?.[1];
    expect(address, up.output.slice(-2000)).toBeDefined();
    for (const [type, port] of [['compute', 8774], ['identity', 5000], ['image', 9292], ['network', 9696], ['placement', 8778]] as const) {
      expect(up.output).toMatch(new RegExp(`^ {2}${type} +http://${address?.replaceAll('.', '\\.')}:${port}`, 'm'));
    }
    expect(up.output).toContain(`OS_CLIENT_CONFIG_FILE=${credentials}/clouds.yaml openstack --os-cloud dockenstack server list`);
    // The stages up ran, and none after verify.
    expect(up.output).toMatch(/verify: done/);
    expect(up.output).not.toMatch(/tempest: |teardown: /);
  });

  it("up: clouds.yaml and openrc outside the report folder, readable by their owner only, whose credentials work from this host", async () => {
    expect(statSync(credentials).mode & 0o777).toBe(0o700);
    for (const name of ['clouds.yaml', 'openrc']) expect(statSync(join(credentials, name)).mode & 0o777).toBe(0o600);
    const cloud = (parseYaml(readFileSync(join(credentials, 'clouds.yaml'), 'utf8')) as CloudsYaml).clouds.dockenstack;
    const openrc = readFileSync(join(credentials, 'openrc'), 'utf8');
    // The report folder, which CI may publish, holds no file with the password (issue 20).
    const published = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(published.map((file) => file.slice(folder.length + 1))).not.toContain('clouds.yaml');
    for (const file of published) expect(readFileSync(file, 'utf8'), file).not.toContain(cloud.auth.password);
    expect(openrc).toContain(`export OS_AUTH_URL='${cloud.auth.auth_url}'`);
    expect(openrc).toContain(`export OS_PASSWORD='${cloud.auth.password}'`);
    // What `openstack --os-cloud dockenstack server list` does, with fetch: a token, then the
    // compute endpoint of its catalog.
    const response = await fetch(`${cloud.auth.auth_url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: cloud.auth.username, domain: { id: 'default' }, password: cloud.auth.password } } },
          scope: { project: { name: cloud.auth.project_name, domain: { id: 'default' } } },
        },
      }),
    });
    expect(response.status).toBe(201);
    const token = response.headers.get('x-subject-token') ?? '';
    const catalog = ((await response.json()) as Token).token.catalog;
    const compute = catalog.find((s) => s.type === 'compute')?.endpoints.find((e) => e.interface === 'public')?.url;
    expect(compute).toBeDefined();
    const servers = await fetch(`${compute}/servers`, { headers: { 'x-auth-token': token } });
    expect(servers.status).toBe(200);
    expect(await servers.json()).toHaveProperty('servers');
    // A wrong password is refused: the check above can fail.
    const wrong = await fetch(`${cloud.auth.auth_url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: 'not-it' } } } } }),
    });
    expect(wrong.status).toBe(401);
    // The record ls and the README read; it holds no password.
    const record = JSON.parse(readFileSync(join(folder, 'stack.json'), 'utf8')) as { runId: string; authUrl: string; endpoints: unknown[] };
    expect(record).toMatchObject({ runId: STACK, authUrl: cloud.auth.auth_url });
    expect(record.endpoints.length).toBeGreaterThanOrEqual(5);
    expect(readFileSync(join(folder, 'stack.json'), 'utf8')).not.toContain(cloud.auth.password);
  });

  it('ls: the stack as up, beside the past runs of the reports folder', async () => {
    const { code, output } = await runCli(['ls', '--reports', reports]);
    expect(code, output).toBe(0);
    expect(output).toMatch(new RegExp(`^${STACK} +distro +up +\\d+m$`, 'm'));
  });

  it("exec: the command runs inside with the admin's credentials, its output and exit code passed through", async () => {
    const projects = await runCli(['exec', STACK, '--', 'openstack', 'project', 'list', '-f', 'value', '-c', 'Name']);
    expect(projects.code, projects.output).toBe(0);
    expect(projects.output.split('\n')).toEqual(expect.arrayContaining(['admin', 'service']));
    const failing = await runCli(['exec', STACK, '--', 'sh', '-c', 'echo "$OS_USERNAME"; exit 7']);
    expect(failing.code).toBe(7);
    expect(failing.output).toContain('admin');
    // -i: our stdin is the command's, and its end ends a shell that reads it.
    const piped = await runCli(['exec', '-i', STACK, '--', 'bash'], { input: 'echo "piped $OS_PROJECT_NAME"; exit 4\n', timeoutMs: 120_000 });
    expect(piped.code, piped.stderr).toBe(4);
    expect(piped.stdout).toBe('piped admin\n');
    // A RUN that names no stack is bad input.
    const missing = await runCli(['exec', 'no-such-stack', '--', 'true']);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/RUN: no stack no-such-stack on this engine/);
  });

  // MariaDB 11.6.2+ (trixie's 11.8) defaults to snapshot isolation: an UPDATE of a row another
  // transaction changed since this one read it fails with 1020 and loses the transaction, which
  // put deleted servers in ERROR once RPC was fast (lib/databases.sh). Two sessions of the stack's
  // own MariaDB, in a scratch database: the second update must wait for the row, as OpenStack's
  // code expects, and win.
  it("the stack's MariaDB lets a transaction update a row changed since it read it, as OpenStack expects", async () => {
    const probe = [
      'import pymysql',
      "connect = lambda: pymysql.connect(unix_socket='/run/mysqld/mysqld.sock', user='root', autocommit=False)",
      'a, b = connect(), connect()',
      "a.cursor().execute('CREATE DATABASE IF NOT EXISTS dockenstack_probe')",
      "a.cursor().execute('CREATE OR REPLACE TABLE dockenstack_probe.row (id INT PRIMARY KEY, v INT) ENGINE=InnoDB')",
      "a.cursor().execute('INSERT INTO dockenstack_probe.row VALUES (1, 0)'); a.commit()",
      "a.cursor().execute('SELECT v FROM dockenstack_probe.row WHERE id = 1')",
      "b.cursor().execute('UPDATE dockenstack_probe.row SET v = 1 WHERE id = 1'); b.commit()",
      "a.cursor().execute('UPDATE dockenstack_probe.row SET v = 2 WHERE id = 1'); a.commit()",
      "c = a.cursor(); c.execute('SELECT v FROM dockenstack_probe.row WHERE id = 1'); print('v =', c.fetchone()[0])",
      "a.cursor().execute('DROP DATABASE dockenstack_probe')",
    ].join('\n');
    const run = await runCli(['exec', STACK, '--', 'python3', '-c', probe]);
    expect(run.output).toContain('v = 2');
    expect(run.code, run.output).toBe(0);
  });

  it("horizon: the run's admin logs in in chromium and finds a server made through the API on Project → Compute → Instances, running on the stack's hypervisor", async () => {
    const dashboard = /^ {2}dashboard +(http:\/\/\S+)/m.exec(up.output)?.[1];
    expect(dashboard, up.output.slice(-2000)).toBeDefined();
    const name = `horizon-it-${process.pid}`;
    const inside = async (...command: string[]) => {
      const run = await runCli(['exec', STACK, '--', ...command]);
      expect(run.code, run.output).toBe(0);
      return run.output.trim();
    };
    // --wait writes its progress on stdout too: the id is the one UUID printed.
    const created = await inside('openstack', 'server', 'create', '--image', 'dockenstack-test-image', '--flavor', 'm1.nano', '--network', 'private', '--wait', '-f', 'value', '-c', 'id', name);
    const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(created)?.[0] ?? '';
    expect(id, created).not.toBe('');
    const shown = await inside('openstack', 'server', 'show', id, '-f', 'json');
    const server = JSON.parse(shown.slice(shown.indexOf('{'))) as Record<string, string>;
    expect(server.status).toBe('ACTIVE');
    const host = server['OS-EXT-SRV-ATTR:host'] ?? '';
    const hypervisors = (await inside('openstack', 'hypervisor', 'list', '-f', 'value', '-c', 'Hypervisor Hostname')).split('\n');
    expect(hypervisors).toContain(server['OS-EXT-SRV-ATTR:hypervisor_hostname']);
    const password = (parseYaml(readFileSync(join(credentials, 'clouds.yaml'), 'utf8')) as CloudsYaml).clouds.dockenstack.auth.password;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      // Horizon's pages took 20-30 s each at a load of 38 on two cores: playwright's 30 s default
      // cut the instance page's navigation short (its click had been done).
      page.setDefaultTimeout(180_000);
      await page.goto(dashboard ?? '');
      await page.fill('#id_username', 'admin');
      await page.fill('#id_password', password);
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/auth/')), page.click('#loginBtn')]);
      // The sidebar's Project → Compute → Instances, then its page.
      const instances = page.locator('#sidebar-accordion-project-compute a.openstack-panel', { hasText: 'Instances' });
      const href = await instances.getAttribute('href');
      expect(href).toBe('/project/instances/');
      await page.goto(new URL(href ?? '', dashboard).href);
      const row = page.locator(`#instances tr[data-display="${name}"]`);
      await row.waitFor({ timeout: 60_000 });
      const cells = (await row.locator('td').allInnerTexts()).map((text) => text.trim());
      expect(cells).toContain('Active');
      expect(cells).toContain('Running');
      // Its page says where it runs (an admin sees the host): the hypervisor's compute host.
      await row.locator('a', { hasText: name }).click();
      await page.waitForURL(new RegExp(`/project/instances/${id}/`));
      const shownHost = await page.locator('dt:text-is("Host") + dd').innerText();
      expect(host).not.toBe('');
      expect(shownHost).toBe(host);
    } finally {
      await browser.close();
      await runCli(['exec', STACK, '--', 'openstack', 'server', 'delete', '--wait', id]);
    }
  });

  it('tempest: a selection against the stack, a report folder and a verdict as a gate writes them; the stack stays up', async () => {
    const runId = `${STACK}.flavors`;
    const regex = 'tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON';
    const { code, output } = await runCli(['tempest', STACK, '--reports', reports, '--run-id', runId, '--regex', regex, '--voting']);
    expect(code, output.slice(-3000)).toBe(0);
    const run = join(reports, runId);
    for (const name of ['junit.xml', 'summary.md', 'index.html', 'manifest.json', 'tempest.subunit', 'logs/tempest-console.log']) expect(existsSync(join(run, name)), name).toBe(true);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { verdict: { passed: boolean }; totals: { passed: number; failed: number }; stages: { name: string; status: string }[] };
    expect(manifest.verdict.passed).toBe(true);
    expect(manifest.totals.passed).toBeGreaterThanOrEqual(2);
    expect(manifest.totals.failed).toBe(0);
    expect(manifest.stages.map((s) => `${s.name}:${s.status}`)).toEqual(['plan:passed', 'tempest:passed', 'collect:passed']);
    expect(output).toMatch(/PASSED \(voting\)/);
    // Issue 15 item 3: report, given the run's stream and the same options, reaches the same verdict.
    const again = await runCli(['report', join(run, 'tempest.subunit'), '--out', join(reports, `${runId}.report`), '--profile', 'distro', '--regex', regex, '--voting', '--json']);
    expect(again.code, again.output.slice(-2000)).toBe(0);
    const reported = JSON.parse(readFileSync(join(reports, `${runId}.report`, 'manifest.json'), 'utf8')) as { verdict: object; totals: object };
    expect(reported.verdict).toEqual(manifest.verdict);
    expect(reported.totals).toEqual(manifest.totals);
    // The stack's passwords are masked in what the report folder holds.
    const password = (parseYaml(readFileSync(join(credentials, 'clouds.yaml'), 'utf8')) as CloudsYaml).clouds.dockenstack.auth.password;
    expect(readFileSync(join(run, 'config', 'local.conf'), 'utf8')).not.toContain(password);
    expect((await containersOf(STACK))[0]?.state).toBe('running');
    // A selection of nothing is the verdict's business, as in a gate: a voting run fails.
    const none = await runCli(['tempest', STACK, '--reports', reports, '--run-id', `${STACK}.none`, '--regex', 'tempest.api.no_such_test', '--voting']);
    expect(none.code, none.output.slice(-2000)).toBe(1);
  });

  it('clean leaves the stack that is up alone (a live run) unless forced', async () => {
    const { code, output } = await runCli(['clean', '--run', STACK, '--keep-images']);
    expect(code, output).toBe(0);
    expect(output).toMatch(new RegExp(`left alone container dockenstack-${STACK}: run ${STACK} is a stack that is up`));
    expect((await containersOf(STACK))[0]?.state).toBe('running');
    const dry = await runCli(['clean', '--run', STACK, '--keep-images', '--force', '--dry-run']);
    expect(dry.output).toContain(`would remove container dockenstack-${STACK}`);
  });

  it('down removes that stack and nothing else; ls then lists it as a past run, down', async () => {
    const engine = await realEngine();
    // Another run's container on the same engine, which down must not touch.
    const other = await engine.docker.createContainer({ name: `dockenstack-${BYSTANDER}`, Image: 'dockenstack-base:trixie-minbase', Cmd: ['sleep', '600'], Labels: managedLabels('container', BYSTANDER) });
    await other.start();
    const images = (await engine.docker.listImages()).length;
    const { code, output } = await runCli(['down', STACK]);
    expect(code, output).toBe(0);
    expect(output).toContain(`removed container dockenstack-${STACK}`);
    expect(await containersOf(STACK)).toEqual([]);
    expect(existsSync(credentials)).toBe(false);
    expect((await containersOf(BYSTANDER))[0]?.state).toBe('running');
    expect((await engine.docker.listImages()).length).toBe(images);
    const ls = await runCli(['ls', '--reports', reports]);
    expect(ls.output).toMatch(new RegExp(`^${STACK} +distro +down +\\d+m$`, 'm'));
    expect(ls.output).toMatch(new RegExp(`^${STACK}\\.flavors +distro +passed +\\d+m$`, 'm'));
    const again = await runCli(['down', STACK]);
    expect(again.code).toBe(2);
  });

  it('Ctrl-C during up: exits 130 and leaves nothing on the engine', async () => {
    const stopped = await runCli(['up', '--run-id', INTERRUPTED, '--reports', reports, '--fresh', '--no-save'], { detached: true, when: /phase: infrastructure/, act: (child) => child.kill('SIGINT') });
    expect(stopped.code, stopped.output.slice(-2000)).toBe(130);
    expect(stopped.actedAt).toBeGreaterThan(0);
    expect(await listManaged(await realEngine(), { runId: INTERRUPTED })).toEqual([]);
    expect(existsSync(join(process.env.XDG_STATE_HOME ?? '', 'dockenstack', 'stacks', INTERRUPTED))).toBe(false);
  });
});

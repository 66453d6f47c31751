// Issue 18, item 5: an `up` with the inputs of an earlier one starts from that one's snapshot,
// for real, one stack at a time: a fresh `up` (distro, our Docker driver) saves its snapshot and
// goes down; a second `up` starts from the snapshot on another address (a placeholder container
// takes the first one's when the engine hands out the lowest free one), restarts the services
// and passes the same verify, and answers `openstack server list` with the first stack's
// credentials; a changed local.conf finds no snapshot; `clean` removes it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { listManaged, removeManaged } from '../../harness/engine/cleanup.ts';
import { managedLabels } from '../../harness/engine/labels.ts';
import { findSnapshot } from '../../harness/engine/snapshot-image.ts';
import { findPlanSnapshot } from '../../harness/gate/stack-snapshot.ts';
import type { UpStackRecord } from '../../harness/gate/up-stack.ts';
import { buildGatePlan, type GateOptions } from '../../harness/plan/gate-plan.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-up-snapshot-'));
// up's credentials go to the user's state folder, never into reports/: this test's own.
process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), 'dockenstack-state-'));
const stateDir = process.env.XDG_STATE_HOME;
const FIRST = `it-snap-${process.pid}`;
const SECOND = `it-snap-again-${process.pid}`;
const PLACEHOLDER = `it-snap-ip-${process.pid}`;
const RUNS = [FIRST, SECOND, PLACEHOLDER];

const record = (runId: string) => JSON.parse(readFileSync(join(reports, runId, 'stack.json'), 'utf8')) as UpStackRecord;
const adminPassword = (runId: string) =>
  (parseYaml(readFileSync(join(stateDir, 'dockenstack', 'stacks', runId, 'clouds.yaml'), 'utf8')) as { clouds: { dockenstack: { auth: { password: string } } } }).clouds.dockenstack.auth.password;

function upPlan(set: string[] = []) {
  const options: GateOptions = {
    profile: 'distro', set, postConfig: [], allowVirtDriver: [], concurrency: '2', voting: false, keep: false, dryRun: false,
    reports, retryFailed: '0', engine: [], includeList: [], excludeList: [], timeout: [], onlyRegressions: false, stayUp: true,
  };
  return buildGatePlan(options);
}

async function hostnameOf(runId: string): Promise<string> {
  const engine = await realEngine();
  const [container] = (await listManaged(engine, { runId })).filter((r) => r.type === 'container');
  return (await engine.docker.getContainer(container?.id ?? '').inspect()).Config.Hostname;
}

let fresh: CliRun;
let again: CliRun;
let snapshotTag = '';
let firstHostname = '';
/** The first stack's admin password, read before its `down` removes its credentials. */
let firstPassword = '';

describe('up from a snapshot (one distro stack at a time)', () => {
  beforeAll(async () => {
    const engine = await realEngine();
    for (const runId of RUNS) await removeManaged(engine, { runId, force: true, images: true });
    fresh = await runCli(['up', '--run-id', FIRST, '--reports', reports, '--fresh']);
    if (fresh.code !== 0) return;
    snapshotTag = /snapshot (dockenstack-snapshot:[0-9a-f]+) saved in/.exec(fresh.output)?.[1] ?? '';
    firstHostname = await hostnameOf(FIRST);
    firstPassword = adminPassword(FIRST);
    const down = await runCli(['down', FIRST]);
    expect(down.code, down.output).toBe(0);
    const placeholder = await engine.docker.createContainer({ name: `dockenstack-${PLACEHOLDER}`, Image: 'dockenstack-base:trixie-minbase', Cmd: ['sleep', '3600'], Labels: managedLabels('container', PLACEHOLDER) });
    await placeholder.start();
    again = await runCli(['up', '--run-id', SECOND, '--reports', reports]);
  });

  afterAll(async () => {
    const engine = await realEngine();
    for (const runId of RUNS) await removeManaged(engine, { runId, force: true, images: true });
  });

  it('a fresh up saves its snapshot after verify, labelled, and down leaves it', async () => {
    expect(fresh.code, fresh.output.slice(-3000)).toBe(0);
    expect(fresh.output).toMatch(/no snapshot of these inputs: stacking afresh, then saving one|--fresh: stacking anew, then replacing the snapshot/);
    expect(snapshotTag, fresh.output.slice(-2000)).not.toBe('');
    expect(record(FIRST).snapshot).toMatchObject({ tag: snapshotTag, use: 'saved' });
    const images = (await listManaged(await realEngine(), { runId: FIRST })).filter((r) => r.type === 'image');
    expect(images.map((i) => `${i.name} ${i.kind}`)).toEqual([`${snapshotTag} snapshot`]);
    const ls = await runCli(['ls', '--reports', reports]);
    expect(ls.output).toMatch(new RegExp(`^${FIRST} +distro +down, snapshot kept +\\d+m$`, 'm'));
  });

  it('an up of the same inputs starts from it, on another address, and passes the same verify', async () => {
    expect(again.code, again.output.slice(-4000)).toBe(0);
    expect(again.output).toContain(`snapshot ${snapshotTag} matches these inputs (image, local.conf, driver): starting from it`);
    expect(again.output).toMatch(/phase: runtime-state/);
    expect(again.output).not.toMatch(/phase: db-sync/);
    expect(again.output).toMatch(/all checks passed/);
    expect(again.output).toMatch(/a server boots on the docker driver/);
    expect(again.output).toMatch(/verify: done/);
    expect(record(SECOND).snapshot).toEqual({ tag: snapshotTag, use: 'started from' });
    expect(await hostnameOf(SECOND)).toBe(firstHostname);
    const [first, second] = [record(FIRST), record(SECOND)];
    expect(second.address).not.toBe(first.address);
    expect(again.output).toMatch(/config file\(s\) moved from \S+ to \S+/);
    expect(again.output).toMatch(/the catalog's endpoints moved to/);
    expect(second.authUrl).toBe(`http://${second.address}:5000/v3`);
    expect(second.endpoints.length).toBeGreaterThanOrEqual(5);
    for (const endpoint of second.endpoints) expect(endpoint.url).toContain(`//${second.address}:`);
  });

  it("answers openstack server list, inside and from this host, with the snapshot's own credentials", async () => {
    expect(firstPassword).not.toBe('');
    expect(adminPassword(SECOND)).toBe(firstPassword);
    const list = await runCli(['exec', SECOND, '--', 'openstack', 'server', 'list', '-f', 'value']);
    expect(list.code, list.output).toBe(0);
    const token = await fetch(`${record(SECOND).authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: adminPassword(SECOND) } } },
          scope: { project: { name: 'admin', domain: { id: 'default' } } },
        },
      }),
    });
    expect(token.status).toBe(201);
    // The run's report folder masks the snapshot's passwords (its local.conf holds them), not the
    // ones it would have generated.
    const localConf = readFileSync(join(reports, SECOND, 'config', 'local.conf'), 'utf8');
    expect(localConf).toMatch(/^ADMIN_PASSWORD=\*\*\*$/m);
    expect(localConf).not.toContain(adminPassword(SECOND));
  });

  it('a changed local.conf finds no snapshot; the same one finds it', async () => {
    const engine = await realEngine();
    expect((await findPlanSnapshot(engine, upPlan()))?.tag).toBe(snapshotTag);
    expect(await findPlanSnapshot(engine, upPlan(['VIRT_DRIVER=fake']))).toBeUndefined();
    expect(await findPlanSnapshot(engine, upPlan(['REGION_NAME=RegionTwo']))).toBeUndefined();
  });

  it('clean removes the snapshot (once no stack runs from it)', async () => {
    const down = await runCli(['down', SECOND]);
    expect(down.code, down.output).toBe(0);
    const { code, output } = await runCli(['clean', '--run', FIRST]);
    expect(code, output).toBe(0);
    expect(output).toContain(`removed image ${snapshotTag} (run ${FIRST})`);
    const key = snapshotTag.split(':')[1] ?? '';
    expect(await findSnapshot(await realEngine(), key)).toBeUndefined();
  });
});

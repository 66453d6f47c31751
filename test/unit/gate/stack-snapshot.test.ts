// Issue 18, item 5: what keys an `up`'s snapshot. Two `up`s of the same inputs plan different
// passwords (generated per run) and must still find the same snapshot; any other change of
// local.conf, of the image or of the driver source must not; a snapshot's own passwords, given
// back to the plan, must be what the new run uses and masks.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCleanup, type ManagedResource } from '../../../harness/engine/cleanup.ts';
import { snapshotKey, snapshotKeyOf } from '../../../harness/gate/stack-snapshot.ts';
import { describeUpStack, type UpStackRecord } from '../../../harness/gate/up-stack.ts';
import { buildGatePlan, type GateOptions } from '../../../harness/plan/gate-plan.ts';
import { generatePasswords } from '../../../harness/plan/passwords.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-snapshot-key-'));

function upPlan(overrides: Partial<GateOptions> = {}) {
  return buildGatePlan({
    profile: 'distro', set: [], postConfig: [], allowVirtDriver: [], concurrency: '2', voting: false, keep: false, dryRun: false,
    reports, retryFailed: '0', engine: [], includeList: [], excludeList: [], timeout: [], onlyRegressions: false, stayUp: true,
    ...overrides,
  });
}

const IMAGE = 'sha256:1111';

describe("an up's snapshot key", () => {
  it('is the same for two plans of the same inputs, whose generated passwords differ', async () => {
    const [first, second] = [upPlan(), upPlan()];
    expect(first.stack.localConf).not.toBe(second.stack.localConf);
    expect(first.stack.inputsConf).toBe(second.stack.inputsConf);
    expect(first.stack.inputsConf).toMatch(/^ADMIN_PASSWORD=<generated>$/m);
    expect(await snapshotKey(first, IMAGE)).toBe(await snapshotKey(second, IMAGE));
  });

  it('changes with local.conf, with a password the user sets, with the image and with the driver source', async () => {
    const base = await snapshotKey(upPlan(), IMAGE);
    expect(await snapshotKey(upPlan({ set: ['VIRT_DRIVER=fake'] }), IMAGE)).not.toBe(base);
    expect(await snapshotKey(upPlan({ postConfig: ['$NOVA_CONF:DEFAULT.debug=True'] }), IMAGE)).not.toBe(base);
    // A password of the user's own is an input: it is in the snapshot's stack and must be there.
    const own = await snapshotKey(upPlan({ set: ['ADMIN_PASSWORD=mine-123'] }), IMAGE);
    expect(own).not.toBe(base);
    expect(await snapshotKey(upPlan({ set: ['ADMIN_PASSWORD=mine-456'] }), IMAGE)).not.toBe(own);
    expect(await snapshotKey(upPlan(), 'sha256:2222')).not.toBe(base);

    const driver = mkdtempSync(join(tmpdir(), 'dockenstack-driver-'));
    mkdirSync(join(driver, 'pkg'));
    writeFileSync(join(driver, '__init__.py'), '');
    writeFileSync(join(driver, 'pkg', 'driver.py'), 'class Driver: pass\n');
    const withDriver = await snapshotKey(upPlan({ driverSrc: driver }), IMAGE);
    expect(withDriver).not.toBe(base);
    expect(await snapshotKey(upPlan({ driverSrc: driver }), IMAGE)).toBe(withDriver);
    writeFileSync(join(driver, 'pkg', 'driver.py'), 'class Driver: spawn = None\n');
    expect(await snapshotKey(upPlan({ driverSrc: driver }), IMAGE)).not.toBe(withDriver);
  });

  it('hashes each input apart: moving text from one input to another changes it', () => {
    const key = snapshotKeyOf({ imageId: 'a', inputsConf: 'b', driverHash: undefined });
    expect(key).toMatch(/^[0-9a-f]{24}$/);
    expect(snapshotKeyOf({ imageId: 'a\nb', inputsConf: '', driverHash: undefined })).not.toBe(key);
    expect(snapshotKeyOf({ imageId: 'a', inputsConf: 'b', driverHash: '' })).toBe(key);
    expect(snapshotKeyOf({ imageId: 'a', inputsConf: 'b', driverHash: 'c' })).not.toBe(key);
  });
});

describe("a plan given a snapshot's passwords", () => {
  it('sets up, hands out and masks those, with the key of a plan that generated its own', async () => {
    const snapshot = generatePasswords();
    const plan = upPlan({ passwords: snapshot });
    for (const value of Object.values(snapshot)) {
      expect(plan.stack.localConf).toContain(value);
      expect(plan.secrets).toContain(value);
    }
    expect(plan.stack.admin.password).toBe(snapshot.ADMIN_PASSWORD);
    expect(await snapshotKey(plan, IMAGE)).toBe(await snapshotKey(upPlan(), IMAGE));
    // A --set of the user's still wins over it, as over a generated one.
    expect(upPlan({ passwords: snapshot, set: ['ADMIN_PASSWORD=mine-123'] }).stack.admin.password).toBe('mine-123');
  });
});

describe('clean and snapshots', () => {
  const image = (name: string, kind: string): ManagedResource => ({ type: 'image', id: name, name, runId: kind === 'snapshot' ? 's1' : undefined, kind });
  const resources = [image('dockenstack-distro:abc', 'image'), image('dockenstack-snapshot:k1', 'snapshot'), image('dockenstack-base:trixie-minbase', 'base')];

  it('removes a snapshot before the stack image it is a child of (the engine refuses the other order)', () => {
    expect(planCleanup(resources, { images: true, base: true }).remove.map((r) => r.name)).toEqual(['dockenstack-snapshot:k1', 'dockenstack-distro:abc', 'dockenstack-base:trixie-minbase']);
  });

  it('keeps snapshots with the other images under --keep-images', () => {
    expect(planCleanup(resources, { images: false }).remove).toEqual([]);
  });
});

describe('what up prints of its snapshot', () => {
  const record = (snapshot: UpStackRecord['snapshot']): UpStackRecord => ({
    runId: 's2', profile: 'distro', container: 'dockenstack-s2', address: '172.17.0.6', engine: 'unix:///var/run/docker.sock', image: 'dockenstack-snapshot:k1',
    upAt: '2026-11-30T07:00:00.000Z', authUrl: 'http://172.17.0.6:5000/v3', endpoints: [], snapshot, dashboard: null,
  });
  const context = { folder: '/r/s2', credentialsDir: '/home/u/.local/state/dockenstack/stacks/s2', reachable: true, reachError: undefined, remoteEngine: false };

  it('says which snapshot a stack started from, or that one was saved, and nothing when neither', () => {
    expect(describeUpStack(record({ tag: 'dockenstack-snapshot:k1', use: 'started from' }), context)).toMatch(/^ {2}started from snapshot dockenstack-snapshot:k1 \(dockenstack up --fresh stacks anew\)$/m);
    expect(describeUpStack(record({ tag: 'dockenstack-snapshot:k1', use: 'saved', seconds: 12, layerBytes: 5e8 }), context)).toMatch(/^ {2}snapshot dockenstack-snapshot:k1 saved: the next up with the same inputs starts from it$/m);
    expect(describeUpStack(record(null), context)).not.toMatch(/snapshot/);
  });
});

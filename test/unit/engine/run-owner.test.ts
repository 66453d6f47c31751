// Issue 15 item 8: a run records its owner, and cleaning leaves live runs alone unless forced.
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { planCleanup, type ManagedResource } from '../../../harness/engine/cleanup.ts';
import { currentOwner, localProbe, ownerLabels, ownerOf, ownerState, type OwnerProbe, type RunOwner } from '../../../harness/engine/run-owner.ts';

const started = '2026-11-30T04:00:00.000Z';
const probe = (processes: Record<number, string>): OwnerProbe => ({
  host: 'gate-host',
  processStart: (pid) => (processes[pid] === undefined ? undefined : Date.parse(processes[pid])),
});

describe('item 8: run owners', () => {
  it('reads back the owner its labels record, and nothing from partial labels', () => {
    const owner: RunOwner = { host: 'gate-host', pid: 4242, started };
    expect(ownerOf(ownerLabels(owner))).toEqual(owner);
    expect(ownerOf({ 'dockenstack.owner.host': 'gate-host', 'dockenstack.owner.pid': 'x', 'dockenstack.owner.started': started })).toBeUndefined();
    expect(ownerOf(undefined)).toBeUndefined();
  });

  it('is live while its process runs, gone when it ended or its id went to a later process, unknown on another host', () => {
    const owner: RunOwner = { host: 'gate-host', pid: 4242, started };
    expect(ownerState(owner, probe({ 4242: '2026-11-30T03:59:58.000Z' }))).toBe('live');
    expect(ownerState(owner, probe({}))).toBe('gone');
    expect(ownerState(owner, probe({ 4242: '2026-11-30T05:00:00.000Z' }))).toBe('gone');
    expect(ownerState({ ...owner, host: 'elsewhere' }, probe({ 4242: started }))).toBe('unknown');
  });

  it('finds this process live and an ended one gone, on this machine', () => {
    expect(ownerState(currentOwner(), localProbe())).toBe('live');
    const ended = spawnSync('true').pid;
    expect(ownerState({ host: hostname(), pid: ended, started: new Date().toISOString() }, localProbe())).toBe('gone');
  });

  it("cleaning keeps a live run's container, network and the images, and removes a dead run's; --force removes all", () => {
    const owned = (runId: string, pid: number): ManagedResource => ({ type: 'container', id: runId, name: `dockenstack-${runId}`, runId, kind: 'container', owner: { host: 'gate-host', pid, started } });
    const resources: ManagedResource[] = [
      owned('live', 1),
      owned('dead', 2),
      { type: 'container', id: 'old', name: 'dockenstack-old', runId: 'old', kind: 'container' },
      { type: 'network', id: 'n', name: 'net-live', runId: 'live', kind: 'network' },
      { type: 'image', id: 'i', name: 'dockenstack-distro:abc', runId: undefined, kind: 'image' },
    ];
    const options = { images: true, probe: probe({ 1: '2026-11-30T03:00:00.000Z' }) };
    const { remove, keep } = planCleanup(resources, options);
    expect(remove.map((r) => r.name)).toEqual(['dockenstack-dead', 'dockenstack-old']);
    expect(keep.map((k) => [k.resource.name, k.reason])).toEqual([
      ['dockenstack-live', `run live is live: process 1 on gate-host since ${started}; --force removes it`],
      ['net-live', `run live is live: process 1 on gate-host since ${started}; --force removes it`],
      ['dockenstack-distro:abc', '1 live run(s) may use it; --force removes it'],
    ]);
    expect(planCleanup(resources, { ...options, force: true }).remove.map((r) => r.name)).toEqual(['dockenstack-live', 'dockenstack-dead', 'dockenstack-old', 'net-live', 'dockenstack-distro:abc']);
  });
});

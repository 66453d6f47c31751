// Issue 15 item 8, on the real engine: a run's container carries its owner (host, pid, start
// time) as labels; `clean` leaves a live run's container alone, `--dry-run` lists without
// removing, `--force` removes it, and a run whose owner has ended is a leftover. Only this
// test's own containers are touched (every command is given --run).
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContainer } from '../../harness/engine/container.ts';
import type { EngineHandle } from '../../harness/engine/engine.ts';
import { currentOwner } from '../../harness/engine/run-owner.ts';
import { silentProgress } from '../../harness/progress/console-progress.ts';
import { baseImage, realEngine, removeRun, testRunId } from './support/engine-fixtures.ts';
import { runCli } from '../support/run-cli.ts';

let engine: EngineHandle;
let base: string;
const live = testRunId('live-owner');
const dead = testRunId('dead-owner');

const exists = async (runId: string) => (await engine.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`dockenstack.run=${runId}`] }) })).length > 0;

beforeAll(async () => {
  engine = await realEngine();
  base = await baseImage(engine);
});

afterAll(async () => {
  for (const runId of [live, dead]) await removeRun(engine, runId).catch(() => {});
});

describe('item 8: doctor and clean leave live runs alone', () => {
  it("records the run's owner on its container, and clean leaves it while the owner runs", async () => {
    const owner = currentOwner();
    const container = await startContainer(engine, { image: base, name: `dockenstack-${live}`, runId: live, owner, privileged: 'never', command: ['sleep', 'infinity'] }, silentProgress);
    const labels = (await engine.docker.getContainer(container.id).inspect()).Config.Labels;
    expect(labels).toMatchObject({ 'dockenstack.owner.host': hostname(), 'dockenstack.owner.pid': String(process.pid), 'dockenstack.owner.started': owner.started });

    const dryRun = await runCli(['clean', '--run', live, '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toContain(`left alone container dockenstack-${live}: run ${live} is live: process ${process.pid} on ${hostname()}`);
    expect(dryRun.output).toContain('nothing to remove');

    const clean = await runCli(['clean', '--run', live, '--keep-images']);
    expect(clean.code).toBe(0);
    expect(await exists(live)).toBe(true);

    const forcedDryRun = await runCli(['clean', '--run', live, '--keep-images', '--force', '--dry-run']);
    expect(forcedDryRun.output).toContain(`would remove container dockenstack-${live} (run ${live})`);
    expect(await exists(live)).toBe(true);

    const forced = await runCli(['clean', '--run', live, '--keep-images', '--force']);
    expect(forced.output).toContain(`removed container dockenstack-${live} (run ${live})`);
    expect(await exists(live)).toBe(false);
  });

  it('removes the container of a run whose owner has ended', async () => {
    const ended = spawnSync('true').pid;
    await startContainer(engine, { image: base, name: `dockenstack-${dead}`, runId: dead, owner: { ...currentOwner(), pid: ended }, privileged: 'never', command: ['sleep', 'infinity'] }, silentProgress);
    const clean = await runCli(['clean', '--run', dead, '--keep-images']);
    expect(clean.output).toContain(`removed container dockenstack-${dead} (run ${dead})`);
    expect(await exists(dead)).toBe(false);
  });
});

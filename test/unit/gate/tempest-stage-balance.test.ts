// The tempest stage hands the chosen test costs to the stack's Tempest command (which seeds
// stestr's scheduler with them), sharded or not, and says on the console what balances the workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CopyInEntry } from '../../../harness/engine/archive.ts';
import type { RunningContainer } from '../../../harness/engine/container.ts';
import { runTempest } from '../../../harness/gate/tempest-stage.ts';
import type { TestCosts } from '../../../harness/gate/worker-balance.ts';
import type { SelectionPlan } from '../../../harness/plan/gate-plan.ts';
import type { ProgressSink } from '../../../harness/progress/progress-sink.ts';
import { createRedactor } from '../../../harness/report/redact.ts';
import { createRunFolder } from '../../../harness/report/run-folder.ts';
import { DISTRO } from '../../../harness/stacks/distro.ts';

const IDS = ['tempest.api.compute.servers.test_a.ServersTest.test_one[id-1]', 'tempest.api.identity.test_b.TokensTest.test_two[id-2]'];
const SELECTION: SelectionPlan = { include: [], exclude: [], regexes: [], regexText: undefined, concurrency: 2, retryFailed: 0, timingsDir: undefined, shippedCosts: undefined };

/** A stack that lists IDS and records what the stage ran and copied in. */
function fakeStack() {
  const commands: (readonly string[])[] = [];
  const copied: CopyInEntry[] = [];
  const container: RunningContainer = {
    id: 'c1',
    name: 'dockenstack-test',
    privilegeMode: 'privileged',
    exec: async (command, options) => {
      commands.push(command);
      if (command.includes('--list-tests')) for (const id of IDS) options?.onLine?.(id, 'stdout');
      return { exitCode: 0, aborted: false };
    },
    copyIn: async (entries) => void copied.push(...entries),
    copyOut: async () => undefined,
    stop: async () => undefined,
    remove: async () => undefined,
    address: async () => '172.17.0.2',
  };
  return { container, commands, copied };
}

describe('the tempest stage balances the workers by the chosen costs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dockenstack-tempest-stage-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  async function run(costs: TestCosts, shard?: { index: number; count: number }) {
    const stack = fakeStack();
    const notes: string[] = [];
    const progress: ProgressSink = { stageStarted: () => {}, stageEnded: () => {}, line: () => {}, note: (text) => void notes.push(text), close: () => {} };
    const redact = createRedactor([]);
    const folder = await createRunFolder(scratch, `run-${Math.random().toString(36).slice(2, 8)}`, redact);
    await runTempest({ container: stack.container, kind: DISTRO, selection: SELECTION, shard, target: { folder, progress, redact }, signal: new AbortController().signal, onSelected: () => {}, knownFailures: [], costs });
    const tempestRun = stack.commands.find((command) => !command.includes('--list-tests')) ?? [];
    return { tempestRun, timings: stack.copied.find((entry) => entry.containerPath.endsWith('/timings.txt')), notes };
  }

  const costs: TestCosts = { scheduling: new Map([['tempest.api.identity.test_b.TokensTest.test_two', 2], ['tempest.api.compute.servers.test_a.ServersTest.test_one', 40]]), earlier: undefined, note: 'workers balanced by the test costs in timings.txt' };

  it.each([
    ['a whole selection', undefined],
    ["a shard's part of it", { index: 1, count: 2 }],
  ])('seeds stestr with them for %s', async (_case, shard) => {
    const { tempestRun, timings, notes } = await run(costs, shard);
    expect(timings?.content).toBe('tempest.api.compute.servers.test_a.ServersTest.test_one 40.000\ntempest.api.identity.test_b.TokensTest.test_two 2.000\n');
    expect(tempestRun.slice(-2)).toEqual(['--timings', timings?.containerPath]);
    expect(notes).toContain('tempest: workers balanced by the test costs in timings.txt');
  });

  it('runs Tempest unseeded when there are none, and says why', async () => {
    const { tempestRun, timings, notes } = await run({ scheduling: undefined, earlier: undefined, note: 'workers not balanced: no test costs' });
    expect(timings).toBeUndefined();
    expect(tempestRun).not.toContain('--timings');
    expect(notes).toContain('tempest: workers not balanced: no test costs');
  });
});

// The engine going away in the middle of a real gate: dockerd is stopped while stack.sh runs.
// The gate must say so in one line, keep the report of what had finished, and exit 3; once the
// engine is back, what the lost run left there is reported by `doctor` and removed by `clean`.
// And one that hangs (dockerd frozen): a second Ctrl-C must not wait for it.
// It runs on a second dockerd of its own, so stopping one never disturbs the other tests.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { SecondEngine } from './support/second-engine.ts';

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-engine-lost-'));
const engine = new SecondEngine();
const runId = `it-engine-lost-${process.pid}`;
const hungRunId = `it-engine-hung-${process.pid}`;

/** Any dockenstack command against the second engine. */
const dockenstack = (args: string[]) => runCli(args, { env: engine.env() });

/** A gate on the second engine; `act` runs once `when` shows in its output. */
const gateOnSecondEngine = (id: string, when: RegExp, act: (child: ChildProcess) => void) =>
  runCli(['gate', '--run-id', id, '--reports', reports, '--regex', 'test_reboot_server_hard'], { env: engine.env(), when, act });

beforeAll(async () => {
  await engine.start();
  for (const id of [runId, hungRunId]) await dockenstack(['clean', '--run', id]);
});

afterAll(async () => {
  await engine.stop();
});

describe('a gate whose engine goes away', () => {
  it('stops with exit 3, one line naming the engine and where the partial report is', async () => {
    const { code, output, actedAt: stoppedAt } = await gateOnSecondEngine(runId, /phase: databases/, () => void engine.stop());
    expect(stoppedAt, output.slice(-3000)).toBeGreaterThan(0);
    expect(code, output.slice(-3000)).toBe(3);
    // It returns promptly: no stage waits out its timeout on an engine that is gone.
    expect(Date.now() - stoppedAt).toBeLessThan(5 * 60_000);
    const run = join(reports, runId);
    expect(output).toContain(`the Docker engine stopped answering during the run`);
    expect(output).toContain(`the report so far is in ${run}`);

    // What had finished is in the report; the stage that was running holds the error.
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { stages: { name: string; status: string }[] };
    const status = Object.fromEntries(manifest.stages.map((s) => [s.name, s.status]));
    expect(status).toMatchObject({ image: 'passed', boot: 'passed', stack: 'failed', tempest: 'skipped' });
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="dockenstack\.stages" name="stack"[^>]*>\s*<(error|failure) /);
    expect(readFileSync(join(run, 'logs', 'stack.log'), 'utf8')).toMatch(/phase: databases/);
  });

  it('leaves its container on the engine when it comes back: doctor reports it, clean removes it', async () => {
    await engine.start();
    const doctor = await dockenstack(['doctor']);
    expect(doctor.output).toMatch(new RegExp(`leftovers: 1 container\\(s\\) of earlier runs: dockenstack-${runId} `));
    const clean = await dockenstack(['clean', '--run', runId]);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).toMatch(new RegExp(`removed container dockenstack-${runId}`));
    expect((await dockenstack(['doctor'])).output).toMatch(/leftovers: no containers left by earlier runs/);
  });

  it('hung (dockerd frozen): the first Ctrl-C waits on it, a second one exits at once with 130 and says what to do', async () => {
    await engine.start();
    const { code, output, actedAt } = await gateOnSecondEngine(hungRunId, /phase: databases/, (child) => {
      engine.freeze();
      // Cleaning up needs the engine: the first Ctrl-C can only wait for it.
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGINT'), 3000);
    });
    const exitedAfterMs = Date.now() - actedAt;
    engine.thaw();
    expect(code, output.slice(-3000)).toBe(130);
    expect(output).toMatch(/SIGINT: stopping and cleaning up \(press Ctrl-C again to exit at once\)/);
    expect(output).toMatch(/SIGINT again: exiting now; `dockenstack clean` removes what is left/);
    expect(exitedAfterMs).toBeGreaterThanOrEqual(3000);
    expect(exitedAfterMs).toBeLessThan(6000);
    // What it could not clean up is left, found by its label, and removed by clean.
    const clean = await dockenstack(['clean', '--run', hungRunId]);
    expect(clean.output).toMatch(new RegExp(`removed container dockenstack-${hungRunId}`));
  });
});

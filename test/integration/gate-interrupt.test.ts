// Ctrl-C in the middle of a real gate: what runs inside stops, the container goes, the report
// says "interrupted", the exit code is 130; the same for SIGTERM with --keep keeping the container;
// and a stage stopped by its own --timeout, which still leaves the logs and the end of its output.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listManaged, removeManaged } from '../../harness/engine/cleanup.ts';
import { realEngine } from './support/engine-fixtures.ts';
import { runCli, type CliOptions } from '../support/run-cli.ts';

// Own to this process: two checkouts testing at once must not share a run.
const RUN = { sigint: `it-sigint-${process.pid}`, sigterm: `it-sigterm-${process.pid}`, timeout: `it-timeout-${process.pid}` };

const reports = mkdtempSync(join(tmpdir(), 'dockenstack-interrupt-'));

/** A gate on one test; `extra` adds options. */
function gate(runId: string, extra: string[], cli: CliOptions = {}) {
  return runCli(['gate', '--run-id', runId, '--reports', reports, '--regex', 'test_reboot_server_hard', ...extra], { detached: true, ...cli });
}

/** A gate that gets `signal` once `when` shows in its output. */
function interruptedGate(runId: string, signal: NodeJS.Signals, when: RegExp, extra: string[] = []) {
  return gate(runId, extra, { when, act: (child: ChildProcess) => child.kill(signal) });
}

describe('an interrupted gate', () => {
  beforeAll(async () => {
    // A kept container of an earlier run of this test would hold the name.
    const engine = await realEngine();
    for (const runId of [RUN.sigint, RUN.sigterm, RUN.timeout]) await removeManaged(engine, { runId });
  });

  it('on SIGINT during stack.sh: stops it, removes the container, reports "interrupted", exits 130', async () => {
    const { code, output } = await interruptedGate(RUN.sigint, 'SIGINT', /phase: databases/);
    expect(code, output.slice(-2000)).toBe(130);
    expect(output).toMatch(/SIGINT: stopping and cleaning up/);
    const engine = await realEngine();
    expect((await listManaged(engine, { runId: RUN.sigint })).filter((r) => r.type === 'container')).toEqual([]);
    const run = join(reports, RUN.sigint);
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="dockenstack\.stages" name="stack"[^>]*>\s*<error message="interrupted by SIGINT" type="interrupted"/);
    expect(junit).toMatch(/name="tempest"[^>]*>\s*<skipped/);
    expect(readFileSync(join(run, 'logs', 'stack.log'), 'utf8')).toMatch(/phase: databases/);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { stages: { name: string; status: string }[] };
    expect(manifest.stages.find((s) => s.name === 'stack')?.status).toBe('interrupted');
  });

  it('on SIGTERM with --keep: keeps the container (its services up, for a look inside) but stops stack.sh', async () => {
    const { code, output } = await interruptedGate(RUN.sigterm, 'SIGTERM', /phase: databases/, ['--keep']);
    expect(code, output.slice(-2000)).toBe(130);
    const engine = await realEngine();
    const kept = (await listManaged(engine, { runId: RUN.sigterm })).filter((r) => r.type === 'container');
    expect(kept).toHaveLength(1);
    const top = await engine.docker.getContainer(kept[0]!.id).top();
    expect((top.Processes as string[][]).map((row) => row.at(-1)).join('\n')).not.toMatch(/dockenstack-stack/);
    expect(existsSync(join(reports, RUN.sigterm, 'junit.xml'))).toBe(true);
    await removeManaged(engine, { runId: RUN.sigterm });
  });

  it('over its --timeout: stops stack.sh, still collects the logs, records the stage timed out with the end of its output, exits 1', async () => {
    // No signal: the stage's own limit (15 s) stops it, well inside stack.sh.
    const { code, output } = await gate(RUN.timeout, ['--timeout', 'stack=0.25']);
    expect(code, output.slice(-2000)).toBe(1);
    expect(output).toMatch(/dockenstack: stack: timed out after 15s/);
    const engine = await realEngine();
    expect((await listManaged(engine, { runId: RUN.timeout })).filter((r) => r.type === 'container')).toEqual([]);
    const run = join(reports, RUN.timeout);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { stages: { name: string; status: string }[] };
    const status = Object.fromEntries(manifest.stages.map((s) => [s.name, s.status]));
    expect(status).toMatchObject({ boot: 'passed', stack: 'timed-out', verify: 'skipped', tempest: 'skipped', collect: 'passed' });
    // The JUnit error carries the last lines stack.sh printed before it was stopped.
    const junit = readFileSync(join(run, 'junit.xml'), 'utf8');
    const stack = /<testcase classname="dockenstack\.stages" name="stack"[^>]*>(?:(?!<\/testcase>)[\s\S])*?<error message="stack: timed out after 15s" type="timed-out"[^>]*>([\s\S]*?)<\/error>/.exec(junit);
    expect(stack, junit.slice(0, 3000)).not.toBeNull();
    const tail = readFileSync(join(run, 'logs', 'stack.log'), 'utf8').trim().split('\n').at(-1) ?? '';
    expect(tail).not.toBe('');
    expect(stack?.[1]).toContain(tail);
    // The services' logs were collected all the same.
    expect(existsSync(join(run, 'logs', 'mariadb-start.log'))).toBe(true);
  });
});

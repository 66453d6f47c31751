import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { $ } from 'zx/core';
import { EnvironmentError } from '../../../harness/errors.ts';
import { describeProcessFailure, finishOnHost, followLines, hostShell, startDetached } from '../../../harness/host/host-process.ts';

const hostProcess = join(import.meta.dirname, '..', '..', '..', 'harness', 'host', 'host-process.ts');

describe('host processes through zx', () => {
  it('passes the environment and each argument whole, and follows stdout and stderr by line', async () => {
    const $ = await hostShell({ env: { ...process.env, PROBE: 'from the parent' } });
    const running = $`sh -c ${'echo "$PROBE"; echo "[$1]" >&2'} sh ${"two words and a 'quote'"}`;
    const lines: string[] = [];
    followLines(running, (line) => lines.push(line));
    await running;
    expect(lines.sort()).toEqual(["[two words and a 'quote']", 'from the parent']);
  });

  it("says how a failed process ended, with zx's meaning of the code and its last lines", async () => {
    const $ = await hostShell();
    const error: unknown = await $`sh -c ${'echo preparing; echo "E: no such suite" >&2; exit 1'}`.catch((e: unknown) => e);
    expect(await describeProcessFailure(error)).toBe('exited with 1 | E: no such suite');
    const missing: unknown = await (await hostShell())`no-such-command-here`.catch((e: unknown) => e);
    expect(await describeProcessFailure(missing)).toMatch(/^exited with 127 \(Command not found\)/);
  });

  it('waits for a process to its end; a failure is an environment error (exit 3) saying what failed and how', async () => {
    await finishOnHost('a quick one', (await hostShell())`true`);
    const error: unknown = await finishOnHost('debootstrap', (await hostShell())`sh -c ${'echo "E: no such suite" >&2; exit 1'}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(3);
    expect((error as EnvironmentError).message).toBe('debootstrap failed: exited with 1 | E: no such suite');
  });

  it('keeps only the tail of a long output, not all of it', async () => {
    const $ = await hostShell();
    // 200 000 lines (about 1.3 MB), then a failure: the error holds the end only.
    const error = (await $`sh -c ${'seq 1 200000; exit 3'}`.catch((e: unknown) => e)) as { stdout: string };
    expect(error.stdout.length).toBeLessThan(200_000);
    expect(error.stdout.trimEnd().endsWith('200000')).toBe(true);
  });

  it('starts a program that outlives us: the starter exits while it runs, and it keeps running', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'dockenstack-detached-')), 'outlived');
    // It waits for its starter to be gone, then leaves a mark: a starter that waited for it would never exit.
    const program = ['sh', '-c', 'while kill -0 "$1" 2>/dev/null; do sleep 0.05; done; echo "session $(cut -d" " -f6 /proc/$$/stat)" > "$2"', 'sh'];
    const script = `const { startDetached } = await import(${JSON.stringify(hostProcess)}); await startDetached([...${JSON.stringify(program)}, String(process.pid), ${JSON.stringify(marker)}]);`;
    const starter = await $({ quiet: true, nothrow: true, timeout: '15s' })`${process.execPath} --import tsx --input-type=module -e ${script}`;
    expect(starter.exitCode, starter.stderr).toBe(0);
    for (let waited = 0; !existsSync(marker) && waited < 10_000; waited += 100) await sleep(100);
    // In a session of its own, not the starter's (which is the test run's).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const ours = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3];
    expect(readFileSync(marker, 'utf8')).toMatch(/^session \d+\n$/);
    expect(readFileSync(marker, 'utf8')).not.toBe(`session ${ours}\n`);
  });

  it('refuses a program that is not on PATH, saying so', async () => {
    await expect(startDetached(['no-such-program-here'])).rejects.toThrow('no-such-program-here is not installed (not found on PATH)');
  });
});

import { describe, expect, it } from 'vitest';
import { describeProcessFailure, followLines, hostShell } from '../../../harness/host/host-process.ts';

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

  it('keeps only the tail of a long output, not all of it', async () => {
    const $ = await hostShell();
    // 200 000 lines (about 1.3 MB), then a failure: the error holds the end only.
    const error = (await $`sh -c ${'seq 1 200000; exit 3'}`.catch((e: unknown) => e)) as { stdout: string };
    expect(error.stdout.length).toBeLessThan(200_000);
    expect(error.stdout.trimEnd().endsWith('200000')).toBe(true);
  });
});

// One shell command timed by GNU time (`/usr/bin/time -v`), as the benchmarks compare ours and
// another tool's side by side: its wall-clock seconds, its peak resident memory, its exit status.
// Started through zx, as every host process is; the command's own output goes where the command
// line redirects it, and only time's report (stderr) is read.
import { $ } from 'zx/core';

export interface TimedCommand {
  readonly seconds: number;
  readonly peakMiB: number;
  /** The command's exit status as time reports it; null when time did not say (killed by the timeout). */
  readonly status: number | null;
  /** time's report, after whatever the command itself left on stderr. */
  readonly stderr: string;
}

export async function timeCommand(command: string, timeoutMs = 600_000): Promise<TimedCommand> {
  const result = await $({ quiet: true, nothrow: true, timeout: timeoutMs })`/usr/bin/time -v sh -c ${command}`;
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const exit = /Exit status: (\d+)/.exec(result.stderr);
  return {
    seconds: wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN,
    peakMiB: rss ? Number(rss[1]) / 1024 : NaN,
    status: exit ? Number(exit[1]) : null,
    stderr: result.stderr,
  };
}

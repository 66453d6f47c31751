// The real `dockenstack` process, as a user starts it (through zx, as the gate starts its shards):
// its exit code and all it printed, and an optional action (a signal, stopping an engine) once its
// output shows a given line.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { $ } from 'zx/core';

const root = join(import.meta.dirname, '..', '..', '..');

export interface CliRun {
  readonly code: number | null;
  /** stdout and stderr as they arrived. */
  readonly output: string;
  /** When `act` ran (epoch ms), 0 if its line never showed. */
  readonly actedAt: number;
}

export interface CliOptions {
  /** The environment (default: this process's); CI=true is added, so progress is plain lines. */
  readonly env?: NodeJS.ProcessEnv;
  /** Run `act` once the output matches this. */
  readonly when?: RegExp;
  readonly act?: (child: ChildProcess) => void;
  /** In a process group of its own, so a signal reaches only it (as a terminal's Ctrl-C would). */
  readonly detached?: boolean;
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const running = $({
    cwd: root,
    env: { ...(options.env ?? process.env), CI: 'true' },
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
    quiet: true,
    nothrow: true,
  })`${process.execPath} ${join(root, 'bin', 'dockenstack.js')} ${args}`;
  let output = '';
  let actedAt = 0;
  const watch = (chunk: Buffer) => {
    output += chunk.toString();
    if (!actedAt && options.when && options.act && options.when.test(output) && running.child) {
      actedAt = Date.now();
      options.act(running.child);
    }
  };
  running.stdout.on('data', watch);
  running.stderr.on('data', watch);
  const result = await running;
  return { code: result.exitCode, output, actedAt };
}

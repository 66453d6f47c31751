// The real `dockenstack` process, as a user starts it (through zx, as the gate starts its shards):
// its exit code and all it printed, and an optional action (a signal, stopping an engine) once its
// output shows a given line. `runNode` runs another Node.js program the same way (a support
// script that drives one layer alone).
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { $ } from 'zx/core';

const root = join(import.meta.dirname, '..', '..');

export interface CliRun {
  readonly code: number | null;
  /** stdout and stderr as they arrived. */
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
  /** When `act` ran (epoch ms), 0 if its line never showed. */
  readonly actedAt: number;
}

export interface CliOptions {
  /** The environment (default: this process's); CI=true is added, so progress is plain lines. */
  readonly env?: NodeJS.ProcessEnv;
  /** Its working directory (default: the checkout). */
  readonly cwd?: string;
  /** Its stdin, whole (default: closed). */
  readonly input?: string;
  /** Killed (SIGTERM) when it runs longer (milliseconds). */
  readonly timeoutMs?: number;
  /** Run `act` once the output matches this. */
  readonly when?: RegExp;
  readonly act?: (child: ChildProcess) => void;
  /** In a process group of its own, so a signal reaches only it (as a terminal's Ctrl-C would). */
  readonly detached?: boolean;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return runNode([join(root, 'bin', 'dockenstack.js'), ...args], options);
}

/** `node ARGV…` with this test run's Node.js. */
export async function runNode(argv: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const running = $({
    cwd: options.cwd ?? root,
    env: { ...(options.env ?? process.env), CI: 'true' },
    detached: options.detached ?? false,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    quiet: true,
    nothrow: true,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  })`${process.execPath} ${argv}`;
  let output = '';
  let stdout = '';
  let stderr = '';
  let actedAt = 0;
  const watch = (chunk: Buffer) => {
    output += chunk.toString();
    if (!actedAt && options.when && options.act && options.when.test(output) && running.child) {
      actedAt = Date.now();
      options.act(running.child);
    }
  };
  running.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    watch(chunk);
  });
  running.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    watch(chunk);
  });
  const result = await running;
  return { code: result.exitCode, output, stdout, stderr, actedAt };
}

/**
 * `runCli` for a test written as plain calls: the same process, waited for synchronously (zx's
 * `$.sync`); its output is stdout then stderr; no stdin, no action, no time limit.
 */
export function runCliSync(args: readonly string[], options: Pick<CliOptions, 'env' | 'cwd'> = {}): CliRun {
  const result = $.sync({ cwd: options.cwd ?? root, env: { ...(options.env ?? process.env), CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], quiet: true, nothrow: true })`${process.execPath} ${join(root, 'bin', 'dockenstack.js')} ${args}`;
  return { code: result.exitCode, output: `${result.stdout}${result.stderr}`, stdout: result.stdout, stderr: result.stderr, actedAt: 0 };
}

// Processes on the host (debootstrap, `docker import`, a child gate) run through zx's `$`: its
// arguments quoted for the shell, its output kept as a bounded tail, and its ProcessOutput error, which
// says the exit code with its meaning (137 = killed), the signal, and the lines that explain it.
// dockerode stays for what runs inside a container (streamed exec, archives); this is the host's.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ProcessPromise } from 'zx/core';
import { EnvironmentError } from '../errors.ts';

/**
 * zx keeps everything a process prints unless given a store: this one keeps the last bytes only,
 * enough for the error's digest of what went wrong, so a long run's output is never held whole.
 */
class TailChunks extends Array<string | Buffer> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  private bytes = 0;

  constructor(private readonly capBytes: number) {
    super();
  }

  override push(...chunks: (string | Buffer)[]): number {
    for (const chunk of chunks) {
      super.push(chunk);
      this.bytes += chunk.length;
    }
    while (this.length > 1 && this.bytes - (this[0]?.length ?? 0) >= this.capBytes) this.bytes -= this.shift()?.length ?? 0;
    return this.length;
  }
}

const TAIL_BYTES = 64 * 1024;

export interface HostProcessOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Its own process group: a terminal's Ctrl-C reaches it only through us. */
  readonly detached?: boolean;
}

/**
 * The `$` to start one host process with: quiet, stdin closed, output kept only as a tail. One
 * per process: the tail store is its own.
 */
export async function hostShell(options: HostProcessOptions = {}) {
  const { $ } = await import('zx/core');
  return $({
    quiet: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    store: { stdout: new TailChunks(TAIL_BYTES), stderr: new TailChunks(TAIL_BYTES), stdall: new TailChunks(TAIL_BYTES) },
    ...(options.env ? { env: options.env } : {}),
    ...(options.detached ? { detached: true } : {}),
  });
}

export interface DetachedOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** A file descriptor open for appending that takes its stdout and stderr; nothing is kept otherwise. */
  readonly logFd?: number;
}

/**
 * Starts a program that outlives us (`doctor --fix`'s dockerd, a browser opener): in a session of
 * its own, so a terminal's Ctrl-C to us never reaches it, and never waited for, so we exit while
 * it runs. A program not on PATH is refused here, since its shell's exit 127 would come too late
 * to be told.
 */
export async function startDetached(command: readonly [string, ...string[]], options: DetachedOptions = {}): Promise<void> {
  const { $, which } = await import('zx/core');
  const env = options.env ?? process.env;
  const [program] = command;
  if (!(await which(program, { nothrow: true, ...(env.PATH === undefined ? {} : { path: env.PATH }) }))) {
    throw new EnvironmentError(`${program} is not installed (not found on PATH)`);
  }
  const output = options.logFd ?? 'ignore';
  // nothrow: how it ends later is its own business, not a rejection in ours.
  const started = $({ quiet: true, nothrow: true, detached: true, stdio: ['ignore', output, output], env })`${command}`;
  // zx spawns it at once; unreferenced, its handle no longer keeps our event loop (and us) alive.
  started.child?.unref();
}

/** Feeds a started process's lines, stdout and stderr, to `onLine`. */
export function followLines(process: ProcessPromise, onLine: (line: string) => void): void {
  for (const stream of [process.stdout, process.stderr] as Readable[]) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

/** Waits for a host process to end; a failure is an EnvironmentError saying what failed and how. */
export async function finishOnHost(what: string, running: ProcessPromise): Promise<void> {
  try {
    await running;
  } catch (error) {
    throw new EnvironmentError(`${what} failed: ${await describeProcessFailure(error)}`, { cause: error });
  }
}

/**
 * A failed host process in one line: how it ended (zx's meaning of the exit code: 127 command not
 * found, 137 killed…) and the last lines it printed, stderr first.
 */
export async function describeProcessFailure(error: unknown): Promise<string> {
  const { ProcessOutput } = await import('zx/core');
  if (!(error instanceof ProcessOutput)) return error instanceof Error ? error.message : String(error);
  const code = error.exitCode;
  const info = code === null ? undefined : ProcessOutput.getExitCodeInfo(code);
  const ended = code === null ? `killed by ${error.signal ?? 'a signal'}` : `exited with ${code}${info ? ` (${info})` : ''}`;
  const lines = (error.stderr.trim() || error.stdout.trim()).split('\n').filter((line) => line.trim());
  return [ended, ...lines.slice(-3)].join(' | ');
}

// A command in a container with this process's terminal: its output as it comes, stdin when asked
// (or when it is a terminal), a TTY when one is attached (raw mode, resized with the window), and
// its exit code. What `dockenstack exec` runs; the stages use RunningContainer.exec instead.
import type { EngineHandle } from './engine.ts';
import { engineError } from './engine-errors.ts';

export interface AttachedExecOptions {
  /** Give the command a terminal (when this process has one). */
  readonly tty: boolean;
  /** Pass this process's stdin to the command. */
  readonly stdin: boolean;
}

export async function execAttached(engine: EngineHandle, containerId: string, command: readonly string[], options: AttachedExecOptions): Promise<number> {
  try {
    return await run(engine, containerId, command, options);
  } catch (error) {
    throw engineError(`running ${command[0]} in the container`, error);
  }
}

async function run(engine: EngineHandle, containerId: string, command: readonly string[], options: AttachedExecOptions): Promise<number> {
  const exec = await engine.docker.getContainer(containerId).exec({
    Cmd: [...command],
    AttachStdin: options.stdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: options.tty,
    ...(options.tty ? { Env: [`TERM=${process.env.TERM ?? 'xterm'}`] } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: options.stdin, Tty: options.tty });
  // process.stdout and stderr are never ended: write to them rather than pipe.
  if (options.tty) stream.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  else engine.docker.modem.demuxStream(stream, process.stdout, process.stderr);
  const resize = () => void exec.resize({ h: process.stdout.rows ?? 24, w: process.stdout.columns ?? 80 }).catch(() => {});
  const raw = options.tty && options.stdin && process.stdin.isTTY;
  if (options.stdin) {
    if (raw) process.stdin.setRawMode(true);
    process.stdin.on('data', (chunk: Buffer) => stream.write(chunk));
    // The end of our stdin is the end of the command's (a shell reading a pipe finishes).
    process.stdin.on('end', () => stream.end());
    process.stdin.resume();
  }
  if (options.tty) process.stdout.on('resize', resize);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
      // The exec starts before it can be resized.
      if (options.tty) resize();
    });
  } finally {
    if (options.tty) process.stdout.off('resize', resize);
    if (options.stdin) {
      if (raw) process.stdin.setRawMode(false);
      process.stdin.pause();
    }
  }
  const inspected = await exec.inspect();
  return inspected.ExitCode ?? 1;
}

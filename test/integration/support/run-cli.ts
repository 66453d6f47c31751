// The real `dockenstack` process, as a user starts it: its exit code and all it printed, and an
// optional action (a signal, stopping an engine) once its output shows a given line.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

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

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'dockenstack.js'), ...args], {
      cwd: root,
      env: { ...(options.env ?? process.env), CI: 'true' },
      detached: options.detached ?? false,
    });
    let output = '';
    let actedAt = 0;
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (!actedAt && options.when && options.act && options.when.test(output)) {
        actedAt = Date.now();
        options.act(child);
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('close', (code) => resolve({ code, output, actedAt }));
  });
}

// Typed errors: each one knows its exit code and carries what a user needs to act on it.
// The CLI prints `dockenstack: <message>` (plus the hint) and exits with `exitCode`.

export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  environment: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class DockenstackError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Bad input: an option, a profile, a file. `where` is "file:line" or "--option". Exit 2. */
export class UsageError extends DockenstackError {
  readonly where: string | undefined;

  constructor(message: string, options: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(options.where ? `${options.where}: ${message}` : message, ExitCode.usage, options);
    this.where = options.where;
  }
}

/** The machine cannot run a gate: no engine, no network the profile needs, no disk. Exit 3. */
export class EnvironmentError extends DockenstackError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.environment, options);
  }
}

/** The user (or CI) interrupted the run. Exit 130. */
export class InterruptedError extends DockenstackError {
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`, ExitCode.interrupted);
    this.signal = signal;
  }
}

/** A pipeline stage failed. Carries the evidence: the log, the lines that explain it, a hint. */
export class GateError extends DockenstackError {
  readonly stage: string;
  readonly commandExitCode: number | undefined;
  readonly logFile: string | undefined;
  readonly tellingLines: readonly string[];

  constructor(
    stage: string,
    message: string,
    options: {
      commandExitCode?: number;
      logFile?: string;
      tellingLines?: readonly string[];
      hint?: string;
      cause?: unknown;
      exitCode?: ExitCode;
    } = {},
  ) {
    super(`${stage}: ${message}`, options.exitCode ?? ExitCode.gateFailed, options);
    this.stage = stage;
    this.commandExitCode = options.commandExitCode;
    this.logFile = options.logFile;
    this.tellingLines = options.tellingLines ?? [];
  }
}

/**
 * A value the user typed, as an error message quotes it: one line whatever it holds (quoted, its
 * control characters escaped, so it cannot drive the terminal or start a line of its own) and
 * at most `max` characters of it.
 */
export function quotedInput(value: string, max = 64): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  // JSON escapes C0 controls, quotes and backslashes; DEL and the C1 controls it leaves as they are.
  return JSON.stringify(shown).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line for the console: the message, then the hint on its own line when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof DockenstackError) {
    return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

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
    super(oneLine(options.where ? `${options.where}: ${message}` : message), ExitCode.usage, options);
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

/** Bad input is told in one line, however much of it a message quotes. */
const MAX_USAGE_MESSAGE = 1000;

/**
 * A message that quotes what the user gave kept to one printable line: its control characters
 * escaped (a newline would start a line of its own, an escape sequence drive the terminal), and
 * at most MAX_USAGE_MESSAGE characters.
 */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1).replace(/^[\u007f-\u009f]$/, `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return escaped.length > MAX_USAGE_MESSAGE ? `${escaped.slice(0, MAX_USAGE_MESSAGE)}…` : escaped;
}

/**
 * A value the user typed, as an error message quotes it: in double quotes, JSON's escapes for
 * what is not printable (a UsageError escapes whatever else its message holds), and at most
 * `max` characters of it.
 */
export function quotedInput(value: string, max = 64): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

/** One line for the console: the message, then the hint on its own line when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof DockenstackError) {
    return error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// How a gate ends: the first failure that stopped its line decides the exit code (interrupted
// 130, a lost engine or an unusable machine 3, a stack that never came up 1), else the verdict's.
import { EngineLostError } from '../engine/engine-errors.ts';
import { DockenstackError, ExitCode, GateError, InterruptedError, describeError } from '../errors.ts';

/** The exit code, with what the user needs to read on stderr. */
export function gateExitCode(failure: unknown, verdictExitCode: number, reportFolder: string, print: (line: string) => void): number {
  if (failure === undefined) return verdictExitCode;
  if (failure instanceof InterruptedError) return ExitCode.interrupted;
  if (failure instanceof EngineLostError) {
    print(`dockenstack: the Docker engine stopped answering during the run (${describeError(failure.cause).split('\n')[0]}); the report so far is in ${reportFolder}`);
    return ExitCode.environment;
  }
  print(`dockenstack: ${describeError(failure)}`);
  if (failure instanceof GateError && failure.tellingLines.length) print(failure.tellingLines.map((line) => `  | ${line}`).join('\n'));
  if (failure instanceof DockenstackError && failure.exitCode === ExitCode.environment) return ExitCode.environment;
  // A stack that never came up is a failed gate, voting or not: there is no verdict to report.
  return ExitCode.gateFailed;
}

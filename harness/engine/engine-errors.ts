// The engine client's failures as types, as testcontainers maps dockerode's: a caller asks
// `instanceof EngineLostError`, never a status code or a socket message. Everything that talks to
// dockerode passes its errors through `engineError`.
import { EnvironmentError } from '../errors.ts';

/** The engine stopped answering (its socket refused, reset or vanished): exit 3, not a broken stack. */
export class EngineLostError extends EnvironmentError {
  constructor(what: string, cause: unknown) {
    super(`the Docker engine stopped answering while ${what} (${messageOf(cause)})`, {
      hint: 'is dockerd still running? (docker version); then run the gate again',
      cause,
    });
  }
}

/** A container of that name exists already (the engine's 409 on create). */
export class NameTakenError extends EnvironmentError {
  constructor(readonly containerName: string, cause: unknown) {
    super(`a container named ${containerName} already exists`, { cause });
  }
}

const LOST_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE'];

export function isEngineLost(error: unknown): boolean {
  if (error instanceof EngineLostError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && LOST_CODES.includes(code)) return true;
  return /socket hang up|connect ECONNREFUSED|docker\.sock/i.test(messageOf(error));
}

/** The typed form of a client error: EngineLostError when the engine is gone, else the error itself. */
export function engineError(what: string, error: unknown): unknown {
  return isEngineLost(error) && !(error instanceof EngineLostError) ? new EngineLostError(what, error) : error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error ?? '');
}

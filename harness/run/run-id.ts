// A run's id names its container, its labels and its report folder: sortable by time, unique
// enough for two gates started in the same second on one engine.
import { randomBytes } from 'node:crypto';
import { quotedInput, UsageError } from '../errors.ts';

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const MAX_RUN_ID = 63;
const RUN_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${MAX_RUN_ID - 1}}$`);

/** Run ids become container names and folder names: keep them to what both accept. */
export function isValidRunId(id: string): boolean {
  return RUN_ID_PATTERN.test(id);
}

/** A run id the user gave (`--run-id`, a command's RUN), or a one-line UsageError naming `where`. */
export function requireRunId(id: string, where: string): string {
  if (isValidRunId(id)) return id;
  throw new UsageError(`${quotedInput(id)} is not a run id: a letter or digit, then letters, digits, _ . - (${MAX_RUN_ID} at most)`, { where });
}

const TEMPEST_SUFFIX = '.tempest-';

/**
 * The default id of a `tempest` run against stack `stackRunId`: the stack's id, cut so that the
 * whole stays a valid run id (a stack's own id may take all 63 characters), then the time.
 */
export function tempestRunIdOf(stackRunId: string, now: Date = new Date()): string {
  const stamp = newRunId(now).slice(0, 15);
  return `${stackRunId.slice(0, MAX_RUN_ID - TEMPEST_SUFFIX.length - stamp.length)}${TEMPEST_SUFFIX}${stamp}`;
}

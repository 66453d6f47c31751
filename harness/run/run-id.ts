// A run's id names its container, its labels and its report folder: sortable by time, unique
// enough for two gates started in the same second on one engine.
import { randomBytes } from 'node:crypto';

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Run ids become container names and folder names: keep them to what both accept. */
export function isValidRunId(id: string): boolean {
  return RUN_ID_PATTERN.test(id);
}

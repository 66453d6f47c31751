// Known failures: tests that fail for reasons outside the driver under test. One per line:
//   REGEX  # reason | https://link (optional)
// The reason is required: a list that cannot say why is a list that never shrinks.
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { readTextInput } from '../input-paths.ts';
import { compileRule } from './filter-list.ts';

export interface KnownFailure {
  readonly source: string;
  readonly regex: RegExp;
  readonly reason: string;
  readonly link: string | undefined;
  readonly where: string;
}

export function parseKnownFailures(text: string, label: string): KnownFailure[] {
  const known: KnownFailure[] = [];
  text.split('\n').forEach((raw, index) => {
    const where = `${label}:${index + 1}`;
    const hash = raw.indexOf('#');
    const source = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (!source) return;
    const note = hash === -1 ? '' : raw.slice(hash + 1).trim();
    const [reason = '', link] = note.split(/\s+\|\s+/, 2).map((part) => part.trim());
    if (!reason) throw new UsageError(`known failure '${source}' has no reason: write 'REGEX  # why it fails | link'`, { where });
    known.push({ source, regex: compileRule(source, where), reason, link: link || undefined, where });
  });
  return known;
}

export function loadKnownFailures(path: string): KnownFailure[] {
  return existsSync(path) ? parseKnownFailures(readTextInput(path, { option: '--known-failures', what: 'a known-failures list' }), path) : [];
}

export function findKnownFailure(known: readonly KnownFailure[], id: string): KnownFailure | undefined {
  return known.find((entry) => entry.regex.test(id));
}

/**
 * How a report marks a failure the verdict does not count, wherever the failure is shown: the
 * JUnit message, the summary's and the HTML's failure lists.
 */
export function knownFailureNote(known: KnownFailure): string {
  return `known failure, not counted: ${known.reason}${known.link ? ` (${known.link})` : ''} [${known.where}]`;
}

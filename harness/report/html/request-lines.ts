// The service-log lines behind a failure: the request ids (`req-…`) in the failed tests' captured
// logging, looked up in the report folder's service logs. Each log is read a line at a time and
// only the matching lines are kept, a few per request, so a run's gigabyte of logs costs no memory.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunResults } from '../../results/model.ts';
import type { ServiceLogLine } from './html-options.ts';

const REQUEST_ID = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Lines kept per request: a request's story in a service log is rarely longer. */
const LINES_PER_REQUEST = 40;
/** A line longer than this (a dumped request body) is cut: the page shows, the log keeps. */
const LINE_CAP = 2000;

/** The request ids in the captured logging (`pythonlogging…`) that the results kept. */
export function requestIdsOf(results: RunResults): Set<string> {
  const ids = new Set<string>();
  for (const test of results.tests) {
    for (const attachment of test.attachments) {
      if (attachment.name.startsWith('pythonlogging')) for (const match of attachment.text.matchAll(REQUEST_ID)) ids.add(match[0]);
    }
  }
  return ids;
}

/**
 * Per request id, the lines of `files` (relative to `root`) that mention it, in file order. The
 * client's own log (Tempest's) is not a service log and is left out by the caller.
 */
export async function findRequestLines(root: string, files: readonly string[], ids: ReadonlySet<string>): Promise<Map<string, ServiceLogLine[]>> {
  const found = new Map<string, ServiceLogLine[]>();
  if (!ids.size) return found;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(join(root, file)), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number++;
      // Most lines hold no request id: the cheap test first.
      if (!line.includes('req-')) continue;
      for (const match of new Set(line.match(REQUEST_ID))) {
        if (!ids.has(match)) continue;
        const kept = found.get(match) ?? [];
        if (kept.length >= LINES_PER_REQUEST) continue;
        kept.push({ file, line: number, text: line.length > LINE_CAP ? `${line.slice(0, LINE_CAP)}…` : line });
        found.set(match, kept);
      }
    }
  }
  return found;
}

// Folds a subunit packet stream into RunResults. Statuses are subunit's, classified for a gate:
// a test left in progress at the end is `crashed`; one only enumerated (`exists`) is `notrun`,
// unless its class's setUpClass was skipped or failed, which then explains it.
import type { SubunitPacket } from '../subunit/packet.ts';
import type { Attachment, RunResults, TestResult, Totals } from './model.ts';
import { fixtureOf, splitTestId } from './test-id.ts';
import type { TestStatus } from './test-status.ts';

export interface CollectOptions {
  /** Bytes kept of each attachment (the tail when longer). Default 256 KiB. */
  readonly attachmentCap?: number;
  /** Bytes kept of non-subunit text. Default 64 KiB. */
  readonly textCap?: number;
  /**
   * Whose captured output (logs, stdout) to keep: 'failures' (default) keeps it for tests that did
   * not pass, which is what a reader looks for, and keeps memory flat on large runs; 'all' keeps
   * everyone's. Tracebacks and skip reasons are always kept.
   */
  readonly keepOutputOf?: 'failures' | 'all';
}

/** Attachments a report needs whatever the outcome. */
const ALWAYS_KEPT = new Set(['traceback', 'reason']);

interface Pending {
  id: string;
  routeCode: string;
  status: TestStatus | 'exists' | 'inprogress';
  start: number | undefined;
  end: number | undefined;
  tags: Set<string>;
  files: Map<string, { mimeType: string | undefined; chunks: Buffer[]; kept: number; bytes: number }>;
}

const FINAL: Record<string, TestStatus> = { success: 'success', fail: 'fail', skip: 'skip', xfail: 'xfail', uxsuccess: 'uxsuccess' };

export async function collectResults(packets: AsyncIterable<SubunitPacket>, options: CollectOptions = {}): Promise<RunResults> {
  const cap = options.attachmentCap ?? 256 * 1024;
  const textCap = options.textCap ?? 64 * 1024;
  const keepAll = options.keepOutputOf === 'all';
  const tests = new Map<string, Pending>();
  const textChunks: Buffer[] = [];
  let textKept = 0;
  let textBytes = 0;
  let runStart: number | undefined;
  let runEnd: number | undefined;

  for await (const packet of packets) {
    if (packet.kind === 'text') {
      textBytes += packet.bytes.length;
      if (textKept < textCap) {
        const part = packet.bytes.subarray(0, textCap - textKept);
        textChunks.push(part);
        textKept += part.length;
      }
      continue;
    }
    if (packet.timestamp !== undefined) {
      if (runStart === undefined || packet.timestamp < runStart) runStart = packet.timestamp;
      if (runEnd === undefined || packet.timestamp > runEnd) runEnd = packet.timestamp;
    }
    if (packet.testId === undefined) continue;
    const routeCode = packet.routeCode ?? '';
    const key = `${routeCode}\0${packet.testId}`;
    let test = tests.get(key);
    if (!test) {
      test = { id: packet.testId, routeCode, status: 'exists', start: undefined, end: undefined, tags: new Set(), files: new Map() };
      tests.set(key, test);
    }
    for (const tag of packet.tags ?? []) test.tags.add(tag);
    if (packet.fileName !== undefined && packet.fileBytes && packet.fileBytes.length) {
      let file = test.files.get(packet.fileName);
      if (!file) {
        file = { mimeType: packet.mimeType, chunks: [], kept: 0, bytes: 0 };
        test.files.set(packet.fileName, file);
      }
      file.bytes += packet.fileBytes.length;
      file.chunks.push(packet.fileBytes);
      file.kept += packet.fileBytes.length;
      // Keep the tail: the end of a log or traceback is where the answer is.
      while (file.kept - (file.chunks[0]?.length ?? 0) >= cap && file.chunks.length > 1) file.kept -= file.chunks.shift()?.length ?? 0;
    }
    switch (packet.status) {
      case 'exists':
        break;
      case 'inprogress':
        test.status = 'inprogress';
        test.start ??= packet.timestamp;
        break;
      case 'undefined':
        break;
      default:
        test.status = FINAL[packet.status] ?? 'fail';
        test.end = packet.timestamp;
        test.start ??= packet.timestamp;
        if (keepAll === false && (test.status === 'success' || test.status === 'xfail' || test.status === 'skip')) {
          for (const name of [...test.files.keys()]) if (!ALWAYS_KEPT.has(name)) test.files.delete(name);
        }
    }
  }
  return {
    tests: explainByFixtures([...tests.values()].map((test) => finish(test, cap))),
    text: Buffer.concat(textChunks).toString('utf8'),
    textBytes,
    start: runStart,
    end: runEnd,
  };
}

function finish(test: Pending, cap: number): TestResult {
  const attachments: Attachment[] = [...test.files.entries()].map(([name, file]) => {
    const all = Buffer.concat(file.chunks);
    const kept = all.length > cap ? all.subarray(all.length - cap) : all;
    return { name, mimeType: file.mimeType, text: kept.toString('utf8'), bytes: file.bytes, truncated: file.bytes > kept.length };
  });
  const status: TestStatus = test.status === 'inprogress' ? 'crashed' : test.status === 'exists' ? 'notrun' : test.status;
  const reasonText = attachments.find((a) => a.name === 'reason')?.text;
  const tags = [...test.tags].sort();
  return {
    id: test.id,
    routeCode: test.routeCode,
    status,
    start: test.start,
    end: test.end,
    tags,
    worker: tags.find((t) => t.startsWith('worker-')),
    attachments,
    reason: status === 'skip' ? reasonText : undefined,
    fixture: fixtureOf(test.id) !== undefined,
  };
}

/** Tests of a class whose setUpClass was skipped or failed take that outcome, with its reason. */
function explainByFixtures(tests: TestResult[]): TestResult[] {
  const classOutcome = new Map<string, TestResult>();
  for (const test of tests) {
    const fixture = fixtureOf(test.id);
    if (fixture?.kind === 'setUpClass' && (test.status === 'skip' || test.status === 'fail')) classOutcome.set(fixture.className, test);
  }
  if (!classOutcome.size) return tests;
  return tests.map((test) => {
    if (test.status !== 'notrun' || test.fixture) return test;
    const setUp = classOutcome.get(splitTestId(test.id).className);
    if (!setUp) return test;
    const traceback = setUp.attachments.find((a) => a.name === 'traceback')?.text;
    return {
      ...test,
      status: setUp.status,
      reason: setUp.status === 'skip' ? `setUpClass skipped: ${setUp.reason ?? 'no reason given'}` : 'setUpClass failed',
      attachments: setUp.status === 'fail' && traceback ? [{ name: 'traceback', mimeType: 'text/x-traceback', text: traceback, bytes: traceback.length, truncated: false }] : test.attachments,
    };
  });
}

export function totalsOf(tests: readonly TestResult[]): Totals {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let crashed = 0;
  let notRun = 0;
  for (const test of tests) {
    if (test.status === 'success' || test.status === 'xfail') passed++;
    else if (test.status === 'fail' || test.status === 'uxsuccess') failed++;
    else if (test.status === 'skip') skipped++;
    else if (test.status === 'crashed') crashed++;
    else notRun++;
  }
  return { total: tests.length, passed, failed, skipped, crashed, notRun };
}

/**
 * The tests a report counts: class fixtures (setUpClass …) are left out when their outcome was
 * given to the class's tests; a fixture whose class has no test in the stream stays, so a failed
 * setUpClass is never lost.
 */
export function reportableTests(tests: readonly TestResult[]): TestResult[] {
  const classesWithTests = new Set(tests.filter((test) => !test.fixture).map((test) => splitTestId(test.id).className));
  return tests.filter((test) => !test.fixture || !classesWithTests.has(splitTestId(test.id).className));
}

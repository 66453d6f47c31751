// Folds a subunit packet stream into RunResults. Statuses are subunit's, classified for a gate:
// a test left in progress at the end is `crashed`; one only enumerated (`exists`) is `notrun`,
// unless its class's setUpClass was skipped or failed, which then explains it. A packet for a
// test that has ended (runs concatenated, `--until-failure`) starts a new attempt, as testtools
// reads a stream: the last attempt's outcome is the test's, the failed ones before it are kept
// (their tracebacks only) for the report's rerun form, and nothing of an attempt grows with the
// next one's. What comes after a test's end and never reaches an outcome of its own (an
// attachment still being written) belongs to the attempt that ended.
// Bytes that are not subunit are damage, recorded with their offset and size; a test that had not
// finished when a damaged packet named it is `damaged`, and one known only from damage is kept.
import type { SubunitPacket } from '../subunit/packet.ts';
import { SubunitDecoder } from '../subunit/parse-stream.ts';
import { salvageTestIds } from '../subunit/salvage.ts';
import { MAX_DAMAGE_KEPT, type Attachment, type RunResults, type TestResult, type Totals } from './model.ts';
import { classNameOf, fixtureOf } from './test-id.ts';
import { isFailing, isFailure, isPassing, type TestStatus } from './test-status.ts';

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

/** An attachment of a test still running, as it arrives: raw chunks (a character may span two), the tail up to the cap. */
interface Arriving {
  readonly name: string;
  readonly mimeType: string | undefined;
  readonly chunks: Buffer[];
  kept: number;
  bytes: number;
}

interface Pending {
  readonly id: string;
  readonly routeCode: string;
  status: TestStatus | 'exists' | 'inprogress';
  start: number | undefined;
  end: number | undefined;
  /**
   * Without repeats: each packet of a test carries its tags again. Grown with concat, which
   * allocates no spare room, as the array becomes the result's.
   */
  tags: readonly string[];
  /**
   * A few at most, so a list; created with the first. Decoded when the test ends, so that no chunk
   * (nor the buffer pool slab it sits in) stays alive with the results.
   */
  files: (Arriving | Attachment)[] | undefined;
  /** Attempts that ended before this one. */
  attemptsBefore: number;
  /** The last of them, whole: the test's result if this one never reaches an outcome. */
  previous: TestResult | undefined;
  /** The failed ones before `previous`, oldest first, tracebacks only; created with the first. */
  earlier: TestResult[] | undefined;
  /** A damaged packet named it. */
  damaged: boolean;
}

/** What a test without attachments shares, rather than an empty array each. */
const NO_ATTACHMENTS: readonly Attachment[] = Object.freeze([]);

const FINAL: Record<string, TestStatus> = { success: 'success', fail: 'fail', skip: 'skip', xfail: 'xfail', uxsuccess: 'uxsuccess' };
const ended = (status: string) => Object.hasOwn(FINAL, status);

export async function collectResults(packets: AsyncIterable<SubunitPacket>, options: CollectOptions = {}): Promise<RunResults> {
  const collector = new ResultsCollector(options);
  for await (const packet of packets) collector.add(packet);
  return collector.results();
}

/** Results straight from a stream's bytes: the decoder calls the collector for each packet, with no promise in between. */
export async function collectStream(source: AsyncIterable<Buffer | string>, options: CollectOptions = {}): Promise<RunResults> {
  const collector = new ResultsCollector(options);
  const decoder = new SubunitDecoder((packet) => collector.add(packet));
  for await (const chunk of source) decoder.write(chunk);
  decoder.end();
  return collector.results();
}

/** Folds packets, one at a time, into results. */
export class ResultsCollector {
  private readonly cap: number;
  private readonly textCap: number;
  private readonly keepAll: boolean;
  // Per route code, then per test id: no key string built (and kept) per packet. `order` keeps the
  // stream's order of first appearance, which the results are in.
  private readonly byRoute = new Map<string, Map<string, Pending>>();
  private readonly order: Pending[] = [];
  // Tags, attachment names and MIME types repeat across tests: one copy of each is kept.
  private readonly known = new Map<string, string>();
  private readonly textChunks: Buffer[] = [];
  private textKept = 0;
  private textBytes = 0;
  private readonly damage: { offset: number; size: number; testIds: string[] }[] = [];
  private damageCount = 0;
  private lastDamageEnd = -1;
  private runStart: number | undefined;
  private runEnd: number | undefined;
  constructor(options: CollectOptions = {}) {
    this.cap = options.attachmentCap ?? 256 * 1024;
    this.textCap = options.textCap ?? 64 * 1024;
    this.keepAll = options.keepOutputOf === 'all';
  }

  add(packet: SubunitPacket): void {
    if (packet.kind === 'text') {
      this.textBytes += packet.bytes.length;
      if (this.textKept < this.textCap) {
        const part = packet.bytes.subarray(0, this.textCap - this.textKept);
        this.textChunks.push(part);
        this.textKept += part.length;
      }
      this.addDamage(packet.offset, packet.bytes);
      return;
    }
    if (packet.timestamp !== undefined) {
      if (this.runStart === undefined || packet.timestamp < this.runStart) this.runStart = packet.timestamp;
      if (this.runEnd === undefined || packet.timestamp > this.runEnd) this.runEnd = packet.timestamp;
    }
    if (packet.testId === undefined) return;
    const routeCode = packet.routeCode ?? '';
    const test = this.findTest(packet.testId, routeCode);
    if (ended(test.status) && packet.status !== 'exists') nextAttempt(test, this.cap);
    if (packet.tags) for (const tag of packet.tags) if (!test.tags.includes(tag)) test.tags = test.tags.concat(this.intern(tag));
    if (packet.fileName !== undefined && packet.fileBytes && packet.fileBytes.length) {
      addChunk(test, this.intern(packet.fileName), packet.mimeType === undefined ? undefined : this.intern(packet.mimeType), packet.fileBytes, this.cap);
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
        settleFiles(test, this.keepAll || isFailure(test.status), this.cap);
    }
  }

  results(): RunResults {
    return {
      tests: explainByFixtures(this.order.map((test) => resultOf(test, this.cap))),
      text: Buffer.concat(this.textChunks).toString('utf8'),
      textBytes: this.textBytes,
      damage: this.damage,
      damageCount: this.damageCount,
      start: this.runStart,
      end: this.runEnd,
    };
  }

  /** One stretch per run of non-subunit bytes (the decoder hands a long run on in parts). */
  private addDamage(offset: number, bytes: Buffer): void {
    let stretch: { offset: number; size: number; testIds: string[] } | undefined;
    if (offset === this.lastDamageEnd) {
      // The same stretch, handed on in parts; kept only if it was one of the first.
      const last = this.damage[this.damage.length - 1];
      stretch = last && last.offset + last.size === offset ? last : undefined;
      if (stretch) stretch.size += bytes.length;
    } else {
      this.damageCount++;
      stretch = { offset, size: bytes.length, testIds: [] };
      if (this.damage.length < MAX_DAMAGE_KEPT) this.damage.push(stretch);
      else stretch = undefined;
    }
    this.lastDamageEnd = offset + bytes.length;
    for (const id of salvageTestIds(bytes)) {
      const test = this.findDamagedTest(id);
      test.damaged = true;
      if (stretch && !stretch.testIds.includes(id) && stretch.testIds.length < 20) stretch.testIds.push(id);
    }
  }

  /** The test a damaged packet names, whatever its route code (which may be the damaged part). */
  private findDamagedTest(id: string): Pending {
    for (const route of this.byRoute.values()) {
      const test = route.get(id);
      if (test) return test;
    }
    return this.findTest(id, '');
  }

  private findTest(id: string, routeCode: string): Pending {
    let route = this.byRoute.get(routeCode);
    if (!route) {
      route = new Map();
      this.byRoute.set(routeCode, route);
    }
    let test = route.get(id);
    if (!test) {
      test = { id, routeCode, status: 'exists', start: undefined, end: undefined, tags: [], files: undefined, attemptsBefore: 0, previous: undefined, earlier: undefined, damaged: false };
      route.set(id, test);
      this.order.push(test);
    }
    return test;
  }

  private intern(text: string): string {
    const copy = this.known.get(text);
    if (copy !== undefined) return copy;
    this.known.set(text, text);
    return text;
  }
}

function addChunk(test: Pending, name: string, mimeType: string | undefined, bytes: Buffer, cap: number): void {
  test.files ??= [];
  const at = test.files.findIndex((file) => file.name === name);
  let file = test.files[at];
  // Files are decoded when their test ends, and a packet after that starts a new attempt: a
  // decoded one is never added to.
  if (!file || !('chunks' in file)) {
    file = { name, mimeType, chunks: [], kept: 0, bytes: 0 };
    test.files.push(file);
  }
  file.bytes += bytes.length;
  file.chunks.push(bytes);
  file.kept += bytes.length;
  // Keep the tail: the end of a log or traceback is where the answer is.
  while (file.kept - (file.chunks[0]?.length ?? 0) >= cap && file.chunks.length > 1) file.kept -= file.chunks.shift()?.length ?? 0;
}

/**
 * At a test's end: its attachments decoded, or, unless `keepOutput`, only those a report needs
 * whatever the outcome (a skip reason); a passing test's logs are dropped here, so memory does not
 * grow with them on a large run.
 */
function settleFiles(test: Pending, keepOutput: boolean, cap: number): void {
  if (!test.files) return;
  const kept = keepOutput ? test.files : test.files.filter((file) => ALWAYS_KEPT.has(file.name));
  test.files = kept.length ? kept.map((file) => decode(file, cap)) : undefined;
}

function decode(file: Arriving | Attachment, cap: number): Attachment {
  if (!('chunks' in file)) return file;
  const all = file.chunks.length === 1 ? (file.chunks[0] as Buffer) : Buffer.concat(file.chunks);
  const kept = all.length > cap ? all.subarray(all.length - cap) : all;
  return { name: file.name, mimeType: file.mimeType, text: kept.toString('utf8'), bytes: file.bytes, truncated: file.bytes > kept.length };
}

/** The test's attempt so far is over: it becomes `previous`, and the record starts afresh. */
function nextAttempt(test: Pending, cap: number): void {
  if (test.previous && isFailing(test.previous.status)) (test.earlier ??= []).push(tracebackOnly(test.previous));
  test.previous = finish(test, cap);
  test.attemptsBefore++;
  test.status = 'exists';
  test.start = undefined;
  test.end = undefined;
  test.tags = [];
  test.files = undefined;
}

function tracebackOnly(attempt: TestResult): TestResult {
  const traceback = attempt.attachments.filter((attachment) => attachment.name === 'traceback');
  return { ...attempt, attachments: traceback.length ? traceback : NO_ATTACHMENTS };
}

/**
 * The test's result: its last attempt's, with the failed ones before it. A last "attempt" that
 * never got an outcome is what went on after the one before ended: its attachments are that one's.
 */
function resultOf(test: Pending, cap: number): TestResult {
  const previous = test.previous;
  if (!previous) return finish(test, cap);
  if (test.status === 'exists') {
    const attempts = test.attemptsBefore;
    const attachments = appendAttachments(previous.attachments, test.files ? test.files.map((file) => decode(file, cap)) : [], cap);
    return { ...previous, attachments, ...(attempts > 1 ? { attempts, earlierFailures: test.earlier ?? [] } : {}) };
  }
  const earlierFailures = isFailing(previous.status) ? [...(test.earlier ?? []), tracebackOnly(previous)] : (test.earlier ?? []);
  return { ...finish(test, cap), attempts: test.attemptsBefore + 1, earlierFailures };
}

/** Attachments with more of their text (the tail up to the cap), or new ones. */
function appendAttachments(before: readonly Attachment[], more: readonly Attachment[], cap: number): readonly Attachment[] {
  if (!more.length) return before;
  const all = [...before];
  for (const attachment of more) {
    const at = all.findIndex((a) => a.name === attachment.name);
    const earlier = all[at];
    if (!earlier) {
      all.push(attachment);
      continue;
    }
    const bytes = Buffer.from(earlier.text + attachment.text);
    const kept = bytes.length > cap ? bytes.subarray(bytes.length - cap) : bytes;
    all[at] = { ...earlier, text: kept.toString('utf8'), bytes: earlier.bytes + attachment.bytes, truncated: earlier.truncated || attachment.truncated || kept.length < bytes.length };
  }
  return all;
}

function finish(test: Pending, cap: number): TestResult {
  const attachments = test.files ? test.files.map((file) => decode(file, cap)) : NO_ATTACHMENTS;
  const unfinished = test.status === 'inprogress' || test.status === 'exists';
  const status: TestStatus = unfinished && test.damaged ? 'damaged' : test.status === 'inprogress' ? 'crashed' : test.status === 'exists' ? 'notrun' : test.status;
  // The pending record goes away: its tags (exactly as many as there are) are the result's.
  const tags = test.tags.length > 1 ? [...test.tags].sort() : test.tags;
  return {
    id: test.id,
    routeCode: test.routeCode,
    status,
    start: test.start,
    end: test.end,
    tags,
    worker: tags.find((t) => t.startsWith('worker-')),
    attachments,
    reason: status === 'skip' ? attachments.find((a) => a.name === 'reason')?.text : undefined,
    fixture: fixtureOf(test.id) !== undefined,
  };
}

/** Tests of a class whose setUpClass was skipped or failed take that outcome, with its reason. */
function explainByFixtures(tests: TestResult[]): TestResult[] {
  const classOutcome = new Map<string, TestResult>();
  for (const test of tests) {
    const fixture = test.fixture ? fixtureOf(test.id) : undefined;
    if (fixture?.kind === 'setUpClass' && (test.status === 'skip' || test.status === 'fail')) classOutcome.set(fixture.className, test);
  }
  if (!classOutcome.size) return tests;
  return tests.map((test) => {
    if (test.status !== 'notrun' || test.fixture) return test;
    const setUp = classOutcome.get(classNameOf(test.id));
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

/** How much of the given streams was not subunit, for the verdict. */
export function damageTotals(...runs: readonly RunResults[]): { count: number; bytes: number } {
  return { count: runs.reduce((sum, run) => sum + (run.damageCount ?? 0), 0), bytes: runs.reduce((sum, run) => sum + (run.damageCount ? run.textBytes : 0), 0) };
}

export function totalsOf(tests: readonly TestResult[]): Totals {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let crashed = 0;
  let notRun = 0;
  let damaged = 0;
  for (const test of tests) {
    if (isPassing(test.status)) passed++;
    else if (isFailure(test.status)) failed++;
    else if (test.status === 'skip') skipped++;
    else if (test.status === 'crashed') crashed++;
    else if (test.status === 'damaged') damaged++;
    else notRun++;
  }
  return { total: tests.length, passed, failed, skipped, crashed, notRun, damaged };
}

// A report asks for the reportable tests of the same results several times (totals, JUnit,
// summary, HTML), and splitting every test id is most of the work: it is done once per results
// array, which is never changed once collected. Each caller gets its own copy to sort or filter.
const reportable = new WeakMap<readonly TestResult[], readonly TestResult[]>();

/**
 * The tests a report counts: a class's setUpClass is left out when its outcome was given to the
 * class's tests (and a fixture that passed, when its class has tests); a fixture whose class has
 * no test in the stream stays, so a failed setUpClass is never lost, and so does a failed
 * tearDownClass (a class that leaked what it made: stestr fails the run on it).
 */
export function reportableTests(tests: readonly TestResult[]): TestResult[] {
  let kept = reportable.get(tests);
  if (!kept) {
    const classesWithTests = new Set(tests.filter((test) => !test.fixture).map((test) => classNameOf(test.id)));
    const toldByItsTests = (test: TestResult) => isPassing(test.status) || (fixtureOf(test.id)?.kind === 'setUpClass' && (test.status === 'skip' || test.status === 'fail'));
    kept = tests.filter((test) => !test.fixture || !classesWithTests.has(classNameOf(test.id)) || !toldByItsTests(test));
    reportable.set(tests, kept);
  }
  return [...kept];
}

// Where a Tempest run's time goes, from its results and its logs: per worker (in tests, between
// tests, and idle at the end while another worker still runs), per module and per class (with the
// time between tests that is their class fixtures), the slowest tests; the services'
// latency as Tempest's own client saw it (tempest.log's `Request (…): 200 GET URL 0.123s` lines);
// the stack script's phases (`--- phase: NAME done in Ns`). Pure: callers feed results and lines.
import { classNameOf } from '../results/test-id.ts';
import type { RunResults } from '../results/model.ts';
import { costsOf, timingsOf } from './timings.ts';

export interface Share {
  readonly name: string;
  readonly tests: number;
  readonly seconds: number;
  /** The worker(s) it ran on (stestr keeps a class on one worker). */
  readonly workers: readonly string[];
}

export interface WorkerTime {
  readonly worker: string;
  readonly tests: number;
  /** Sum of its tests' (and reported fixtures') durations. */
  readonly testSeconds: number;
  /** Time between its tests: the class fixtures Tempest reports only when they fail. */
  readonly betweenSeconds: number;
  /** From the run's first start to this worker's last end. */
  readonly spanSeconds: number;
}

export interface TimeBreakdown {
  readonly wallSeconds: number;
  /** Sum of every test's duration: the work the stream reports, whatever the worker count. */
  readonly testSeconds: number;
  /** Sum of the workers' time between tests (setUpClass/tearDownClass, worker start). */
  readonly betweenSeconds: number;
  readonly workers: readonly WorkerTime[];
  /** Modules and classes count their tests and the time between tests they own (see below). */
  readonly modules: readonly Share[];
  readonly classes: readonly Share[];
  readonly tests: readonly Share[];
}

/** The module of a test class path: `tempest.api.compute.servers.test_x.Class` → `tempest.api.compute.servers.test_x`. */
export function moduleOf(className: string): string {
  const dot = className.lastIndexOf('.');
  return dot === -1 ? className : className.slice(0, dot);
}

class Tally {
  private readonly entries = new Map<string, { tests: number; seconds: number; workers: Set<string> }>();
  add(name: string, seconds: number, worker: string | undefined, isTest: boolean): void {
    let entry = this.entries.get(name);
    if (!entry) this.entries.set(name, (entry = { tests: 0, seconds: 0, workers: new Set() }));
    entry.seconds += seconds;
    if (isTest) entry.tests += 1;
    if (worker !== undefined) entry.workers.add(worker);
  }
  sorted(): Share[] {
    return [...this.entries].map(([name, e]) => ({ name, tests: e.tests, seconds: e.seconds, workers: [...e.workers].sort() })).sort((a, b) => b.seconds - a.seconds || (a.name < b.name ? -1 : 1));
  }
}

interface Timed { readonly id: string; readonly className: string; readonly start: number; readonly end: number; readonly fixture: boolean }

/**
 * Tempest's stream has a record only for tests (and for class fixtures that failed): a worker's
 * setUpClass and tearDownClass (credentials, networks, servers a class shares) show only as the
 * time between its tests. That time is counted for the class of the test that follows it (its
 * setUpClass, with the previous class's tearDownClass), so a class's seconds are what it cost its
 * worker.
 */
export function timeBreakdown(results: RunResults): TimeBreakdown {
  const modules = new Tally();
  const classes = new Tally();
  const tests = new Tally();
  const workers = new Map<string, { tests: number; own: number; between: number; lastEnd: number }>();
  const { first, last } = walkWorkers(results, (t, gap, seconds, worker) => {
    const w = workers.get(worker) ?? { tests: 0, own: 0, between: 0, lastEnd: t.end };
    w.between += gap;
    w.own += seconds;
    w.lastEnd = Math.max(w.lastEnd, t.end);
    if (!t.fixture) w.tests += 1;
    workers.set(worker, w);
    classes.add(t.className, gap + seconds, worker, !t.fixture);
    modules.add(moduleOf(t.className), gap + seconds, worker, !t.fixture);
    if (!t.fixture) tests.add(t.id, seconds, worker, true);
  });
  const list = [...workers].map(([worker, w]) => ({ worker, tests: w.tests, testSeconds: w.own, betweenSeconds: w.between, spanSeconds: (w.lastEnd - first) / 1000 }));
  return {
    wallSeconds: Number.isFinite(first) ? (last - first) / 1000 : 0,
    testSeconds: list.reduce((a, w) => a + w.testSeconds, 0),
    betweenSeconds: list.reduce((a, w) => a + w.betweenSeconds, 0),
    workers: list,
    modules: modules.sorted(),
    classes: classes.sorted(),
    tests: tests.sorted(),
  };
}

/**
 * Each worker's timed records in start order, each with the time since its worker's previous
 * record ended (from the run's first start for a worker's first record); workers in name order.
 */
function walkWorkers(results: RunResults, visit: (t: Timed, gapSeconds: number, seconds: number, worker: string) => void): { first: number; last: number } {
  const byWorker = new Map<string, Timed[]>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const test of results.tests) {
    if (test.start === undefined || test.end === undefined) continue;
    first = Math.min(first, test.start);
    last = Math.max(last, test.end);
    const worker = test.worker ?? 'unknown';
    const list = byWorker.get(worker) ?? [];
    list.push({ id: test.id, className: classNameOf(test.id), start: test.start, end: test.end, fixture: test.fixture });
    byWorker.set(worker, list);
  }
  for (const [worker, list] of [...byWorker].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.start - b.start);
    let previousEnd = first;
    for (const t of list) {
      visit(t, Math.max(0, t.start - previousEnd) / 1000, Math.max(0, t.end - t.start) / 1000, worker);
      previousEnd = Math.max(previousEnd, t.end);
    }
  }
  return { first, last };
}

/**
 * What each test cost its worker in an earlier run, keyed as stestr keys its times (the id without
 * its `[…]` attributes): its own duration and the time before it on its worker (its class's
 * setUpClass, for a class's first test). Summed per class by stestr's scheduler, which hands out
 * the longest classes first: the order that keeps workers busy to the end.
 *
 * A serial test counts its own duration only. Tempest runs a serial class's setUpClass once no other
 * worker is inside a class (a lock every class takes, shared or, for a serial one, alone), so the
 * time before its first test is mostly the wait for the other workers to run out of classes: their
 * work, not its. Counted as its cost, the wait came back as less work for the serial class's worker,
 * which then idled the longer (full selection, 3 workers: AggregatesAdminTestJSON cost 94 s, its
 * tests 9 s, and its worker waited 80 s of them).
 */
export function schedulingCosts(results: RunResults): Map<string, number> {
  const durations = timingsOf(results);
  const costs = new Map<string, number>();
  for (const [id, seconds] of costsOf(results)) {
    const key = stestrKey(id);
    const cost = isSerialTest(id) ? (durations.get(id) ?? seconds) : seconds;
    costs.set(key, (costs.get(key) ?? 0) + cost);
  }
  return costs;
}

/** Tempest keeps its serial classes (the `@serial` ones) in its `tempest.serial_tests` package. */
function isSerialTest(id: string): boolean {
  return id.startsWith('tempest.serial_tests.');
}

/** stestr's cleanup_test_name: the id without its first `[…]`. */
export function stestrKey(id: string): string {
  const open = id.indexOf('[');
  const close = id.indexOf(']');
  return open > 0 && close > open ? id.slice(0, open) + id.slice(close + 1) : id;
}

export interface ServiceLatency {
  readonly service: string;
  readonly requests: number;
  readonly seconds: number;
  readonly medianSeconds: number;
  readonly p95Seconds: number;
  readonly maxSeconds: number;
  /** The slowest request: method and path (ids and queries kept, host dropped). */
  readonly slowest: string;
}

/** The services of a single-host cloud by their API port (the distro stack's and DevStack's). */
const SERVICE_PORTS: Readonly<Record<string, string>> = {
  '5000': 'keystone', '9292': 'glance', '8778': 'placement', '8774': 'nova', '9696': 'neutron', '8776': 'cinder',
};

const REQUEST = /Request \([^)]*\): (\d{3}) ([A-Z]+) (\S+) (\d+(?:\.\d+)?)s/;

/** Tempest's client-side request lines, tallied per service; feed it tempest.log a line at a time. */
export class RequestLatencies {
  private readonly times = new Map<string, { seconds: number[]; slowest: string; max: number }>();

  addLine(line: string): void {
    const match = REQUEST.exec(line);
    if (!match) return;
    const [, , method, url, time] = match as unknown as [string, string, string, string, string];
    const service = serviceOf(url);
    const seconds = Number(time);
    let entry = this.times.get(service);
    if (!entry) this.times.set(service, (entry = { seconds: [], slowest: '', max: -1 }));
    entry.seconds.push(seconds);
    if (seconds > entry.max) {
      entry.max = seconds;
      entry.slowest = `${method} ${pathOf(url)}`;
    }
  }

  summary(): ServiceLatency[] {
    return [...this.times].map(([service, e]) => {
      const sorted = [...e.seconds].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return { service, requests: sorted.length, seconds: sorted.reduce((a, b) => a + b, 0), medianSeconds: at(0.5), p95Seconds: at(0.95), maxSeconds: sorted.at(-1) ?? 0, slowest: e.slowest };
    }).sort((a, b) => b.seconds - a.seconds);
  }
}

function serviceOf(url: string): string {
  const port = /^[a-z]+:\/\/[^/:]+:(\d+)/i.exec(url)?.[1];
  return port === undefined ? 'other' : (SERVICE_PORTS[port] ?? `port ${port}`);
}

function pathOf(url: string): string {
  return url.replace(/^[a-z]+:\/\/[^/]+/i, '');
}

export interface StackPhase {
  readonly name: string;
  readonly seconds: number;
}

const PHASE_DONE = /--- phase: (\S+) done in (\d+)s/;

/** The distro stack script's phases, from its log (dockenstack-stack's `--- phase: NAME done in Ns`). */
export function stackPhasesOf(lines: Iterable<string>): StackPhase[] {
  const phases: StackPhase[] = [];
  for (const line of lines) {
    const match = PHASE_DONE.exec(line);
    if (match) phases.push({ name: match[1] ?? '', seconds: Number(match[2]) });
  }
  return phases;
}

// One record per (route code, test id), as a gate reads a Tempest run.
import type { TestStatus } from './test-status.ts';

export interface Attachment {
  readonly name: string;
  readonly mimeType: string | undefined;
  /** UTF-8 text, at most the cap the collector was given; `truncated` says when bytes were dropped. */
  readonly text: string;
  readonly bytes: number;
  readonly truncated: boolean;
}

export interface TestResult {
  readonly id: string;
  readonly routeCode: string;
  readonly status: TestStatus;
  /** Epoch milliseconds. */
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly tags: readonly string[];
  readonly worker: string | undefined;
  readonly attachments: readonly Attachment[];
  /** Skip reason, or why a test is failed/skipped because of its class's setUpClass. */
  readonly reason: string | undefined;
  /** A class fixture (setUpClass/tearDownClass) rather than a test. */
  readonly fixture: boolean;
  /**
   * How many times the stream ran the test, when more than once (runs concatenated,
   * `--until-failure`): each repetition is an attempt, and the last one's outcome is the result's.
   */
  readonly attempts?: number;
  /** The failed attempts before the last, oldest first, each with its traceback only. */
  readonly earlierFailures?: readonly TestResult[];
}

export interface RunResults {
  readonly tests: readonly TestResult[];
  /** Bytes that were not subunit (printed output, damaged packets), at most a cap of it. */
  readonly text: string;
  readonly textBytes: number;
  /**
   * Where the stream was not subunit (damaged packets, stray bytes), in stream order: the first
   * MAX_DAMAGE_KEPT stretches; `damageCount` is how many there were.
   */
  readonly damage?: readonly Damage[];
  readonly damageCount?: number;
  readonly start: number | undefined;
  readonly end: number | undefined;
}

/** A stretch of bytes that were not subunit, and the tests its damaged packets named. */
export interface Damage {
  readonly offset: number;
  readonly size: number;
  readonly testIds: readonly string[];
}

export const MAX_DAMAGE_KEPT = 100;

export interface Totals {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly crashed: number;
  readonly notRun: number;
  readonly damaged: number;
}

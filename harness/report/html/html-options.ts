// What a caller may tell index.html beyond the results: every field is optional and data, never
// markup, so gate, `report` and `merge` hand over what they know and the page decides how to show
// it. Strings are raw (unescaped, unmasked): the page escapes them in one place (embed.ts).
import type { Comparison } from '../../compare/compare-runs.ts';
import type { StageOutcome } from '../../run/stages.ts';
import type { TestResult } from '../../results/model.ts';
import type { KnownFailure } from '../../selection/known-failures.ts';

export interface HtmlOptions {
  readonly title: string;
  /** The verdict as summary.md has it (a little Markdown: bold, list items, code spans). */
  readonly verdictBlock?: string;
  readonly stages?: readonly StageOutcome[];
  /** Files of the report folder (relative paths: logs/…, config/…), linked from the page. */
  readonly logs?: readonly string[];
  /** Markdown sections from the summary the page has no structured form of, shown as text. */
  readonly sections?: readonly string[];
  /**
   * Tests that failed as the known-failures list expects, with the list's reason: as marks, or as
   * the verdict has them (its entries, by test id).
   */
  readonly knownFailures?: readonly KnownFailureMark[] | ReadonlyMap<string, KnownFailure>;
  /** Per test id, its failed attempts before the final one (a rerun of failed tests). */
  readonly reruns?: ReadonlyMap<string, readonly TestResult[]>;
  /** Ids of tests that failed and then passed on a rerun. */
  readonly flaky?: readonly string[];
  readonly comparison?: ComparisonData;
  readonly environment?: EnvironmentData;
  /** Per request id (`req-…`), the service-log lines that mention it (see request-lines.ts). */
  readonly serviceLines?: ReadonlyMap<string, readonly ServiceLogLine[]>;
}

export interface KnownFailureMark {
  readonly id: string;
  readonly reason: string;
}

/** A comparison with a baseline (compare-runs.ts), and what that baseline was. */
export type ComparisonData = Comparison & {
  readonly baseline: string;
  /** In the baseline, absent from this run (when the comparison tells it). */
  readonly missing?: readonly string[];
};

export interface EnvironmentData {
  readonly profile?: string;
  readonly imageId?: string;
  readonly engine?: string;
  /** The local.conf the stack was made from, as written to config/ (masked there). */
  readonly localConf?: string;
  /** `package version`, one per entry (versions.txt). */
  readonly packages?: readonly string[];
}

export interface ServiceLogLine {
  /** Relative to the report folder, e.g. logs/nova/nova-api.log. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

/** The known failures by test id, each with the list's reason (what the page shows). */
export function knownFailureReasons(known: HtmlOptions['knownFailures']): ReadonlyMap<string, string> {
  return new Map([...knownFailureEntries(known)].map(([id, entry]) => [id, typeof entry === 'string' ? entry : entry.reason]));
}

/** By test id: the verdict's whole entry (with its link and where it is listed), or a mark's reason. */
export function knownFailureEntries(known: HtmlOptions['knownFailures']): ReadonlyMap<string, KnownFailure | string> {
  if (known === undefined) return new Map();
  if (Array.isArray(known)) return new Map(known.map((mark: KnownFailureMark) => [mark.id, mark.reason]));
  return known as ReadonlyMap<string, KnownFailure>;
}

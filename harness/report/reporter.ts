// A run's reported form, computed once (results, comparison, verdict, stages, environment), and
// the Reporter interface every report file is written through: gate, `report` and `merge` hand
// the same form to the same reporters, as Playwright's merge replays shards through its own.
import type { Comparison } from '../compare/compare-runs.ts';
import type { ServiceLogLine } from './html/html-options.ts';
import type { Redactor } from './redact.ts';
import type { RunResults, TestResult, Totals } from '../results/model.ts';
import type { StageOutcome } from '../run/stages.ts';
import type { KnownFailure } from '../selection/known-failures.ts';
import type { ShardSpec } from '../selection/partition.ts';
import type { Verdict } from '../verdict/verdict.ts';

/** Where and from what a run was made: what manifest.json records beside the results. */
export interface RunEnvironment {
  /** `report`: the stream the report was made from, as named. */
  readonly source?: string;
  readonly runId?: string;
  readonly profile?: string;
  readonly engine?: string;
  readonly image?: { readonly repository: string; readonly id: string | null; readonly buildArgs: Readonly<Record<string, string>> };
  readonly selection?: { readonly selected: number | null; readonly shard: ShardSpec | null };
  /** Package versions the stack reported (versions.txt). */
  readonly packages?: readonly string[];
  /** The local.conf the stack was made from, as the run folder's config/ holds it. */
  readonly localConf?: string;
  /** A merged run: the shards' report folders, and those whose stack never came up. */
  readonly shards?: readonly string[];
  readonly shardsWithoutStack?: readonly string[];
}

export interface RunReport {
  /** summary.md's heading; index.html's title is `pageTitle`. */
  readonly title: string | undefined;
  readonly pageTitle: string;
  readonly results: RunResults;
  /** The tests a report counts (class fixtures folded in), and their totals. */
  readonly tests: readonly TestResult[];
  readonly totals: Totals;
  /** Flaky retries: per test id, the failed attempts before its final result. */
  readonly reruns: ReadonlyMap<string, readonly TestResult[]>;
  /** Tests that failed and then passed on a retry. */
  readonly flaky: readonly string[];
  /** `label`: how the report names the baseline (as the user gave it). */
  readonly comparison: { readonly baselineDir: string; readonly label: string; readonly against: Comparison } | undefined;
  /** Undefined when no verdict was asked for (`report` of a bare stream). */
  readonly verdict: Verdict | undefined;
  /** Failures the verdict does not count, by test id: marked wherever a failure is shown. */
  readonly knownFailures: ReadonlyMap<string, KnownFailure>;
  readonly stages: readonly StageOutcome[];
  /** Markdown blocks after the results: the comparison, the retried tests. */
  readonly sections: readonly string[];
  /** Run-level JUnit properties: run id, profile, verdict, comparison. */
  readonly properties: Readonly<Record<string, string>>;
  /** Files of the report folder (logs/…, config/…), linked from index.html. */
  readonly logs: readonly string[];
  /** Per request id (`req-…`) of the tests' output, the service-log lines that mention it. */
  readonly serviceLines: ReadonlyMap<string, readonly ServiceLogLine[]>;
  readonly environment: RunEnvironment;
  /** What masked the run's texts: the step summary goes through it again. */
  readonly redact: Redactor;
}

/** One report file, made from the reported form as pieces in order (never held whole). */
export interface Reporter {
  /** Relative to the report folder. */
  readonly file: string;
  render(report: RunReport): Iterable<string>;
}

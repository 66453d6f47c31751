// `report --json`: the summary of the report just written, as one document on stdout
// (schemaVersion 1; README "JSON output" documents it, test/unit/cli/json-shapes.test.ts pins its
// keys). The report folder's manifest.json stays the full record; this is what a script branches on.
import { comparisonProperties } from '../compare/compare-runs.ts';
import { knownFailedRecord } from '../verdict/verdict.ts';
import type { RunReport } from './reporter.ts';

export interface ReportSummaryDocument {
  readonly schemaVersion: 1;
  /** The report folder written. */
  readonly out: string;
  readonly totals: RunReport['totals'];
  readonly verdict: {
    readonly passed: boolean;
    readonly voting: boolean;
    readonly passRate: number;
    readonly threshold: number;
    readonly reasons: readonly string[];
    readonly exitCode: number;
    /** The failures in totals.failed the verdict did not count: on the known-failures list. */
    readonly knownFailed: readonly { id: string; reason: string; link: string | null; where: string }[];
  } | null;
  readonly damage: { readonly stretches: number; readonly bytes: number };
  /** With --baseline: the counts of each kind of change. */
  readonly comparison: { readonly baseline: string; readonly counts: Readonly<Record<string, number>> } | null;
  readonly files: readonly string[];
}

export function reportSummaryDocument(report: RunReport, out: string, damage: { count: number; bytes: number }, files: readonly string[]): ReportSummaryDocument {
  const { verdict, comparison } = report;
  return {
    schemaVersion: 1,
    out,
    totals: report.totals,
    verdict: verdict ? { passed: verdict.passed, voting: verdict.voting, passRate: verdict.passRate, threshold: verdict.threshold, reasons: verdict.reasons, exitCode: verdict.exitCode, knownFailed: knownFailedRecord(verdict) } : null,
    damage: { stretches: damage.count, bytes: damage.bytes },
    comparison: comparison
      ? { baseline: comparison.baselineDir, counts: Object.fromEntries(Object.entries(comparisonProperties(comparison.against)).map(([key, value]) => [camelCase(key.replace(/^baseline\./, '')), Number(value)])) }
      : null,
    files,
  };
}

/** `new_failures` (the JUnit property's spelling) as `newFailures`, as every other key is written. */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

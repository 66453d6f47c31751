// `dockenstack report SUBUNIT`: junit.xml, summary.md, index.html and the verdict from a subunit
// stream, with the gate's verdict options, into a report folder (its tempest.subunit and
// manifest.json included), so that `report B --baseline A` and `merge A B` work on its folders.
import { Command } from 'commander';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../errors.ts';
import { readTextInput, requireFile, requireReportsDir, resolveReportFolder } from '../input-paths.ts';
import { parseThreshold, requireBaselineForRegressions } from '../plan/gate-options.ts';
import { findProfile, type Profile } from '../plan/profiles.ts';
import { createRedactor, type Redactor } from '../report/redact.ts';
import { writeRedactedSubunit } from '../report/redact-results.ts';
import { reportRun } from '../report/run-report.ts';
import { reportSummaryDocument } from '../report/summary-json.ts';
import { paletteFor } from '../progress/colour.ts';
import { writeRunReport } from '../report/write-report.ts';
import { damageTotals } from '../results/collect.ts';
import { compressionOf, MAGIC_BYTES } from '../results/compression.ts';
import { readResults } from '../results/read-results.ts';
import { loadKnownFailures } from '../selection/known-failures.ts';
import { selectTests } from '../selection/select-tests.ts';
import { selectionFilters } from '../selection/selection-options.ts';
import { parseTestIdList } from '../selection/test-id-list.ts';
import { DEFAULT_THRESHOLD, failedCountText } from '../verdict/verdict.ts';
import { collect } from './shared-options.ts';

interface ReportOptions {
  out?: string;
  baseline?: string;
  profile?: string;
  knownFailures?: string;
  voting: boolean;
  threshold?: string;
  onlyRegressions: boolean;
  includeList: string[];
  excludeList: string[];
  regex?: string;
  tests?: string;
  json: boolean;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('turn a subunit v2 stream into a report folder: junit.xml, summary.md, index.html, the verdict (and a comparison when a baseline is given)')
    .argument('<subunit>', "the stream (a file, or - for stdin), e.g. what 'tempest run --subunit' wrote")
    .option('--out <dir>', 'where to write (default: reports/report-<time>)')
    .option('--baseline <dir>', 'an earlier report folder (with its tempest.subunit) to compare with')
    .option('--profile <name>', "the profile whose known failures (and, with selection options, filters) the verdict uses, as the gate's did")
    .option('--known-failures <file>', "a known-failures list instead of the profile's")
    .option('--voting', 'a failed verdict exits 1', false)
    .option('--threshold <rate>', 'relax the verdict: the pass rate that suffices (90, 90% or 0.9); default: every counted test must pass')
    .option('--only-regressions', 'with --baseline: fail the verdict only on regressions since it, as a gate with it does', false)
    .option('--include-list <file>', "what the run selected: an include list, replacing the profile's (repeatable)", collect, [])
    .option('--exclude-list <file>', "what the run selected: an exclude list, added to the profile's (repeatable)", collect, [])
    .option('--regex <regex>', "what the run selected: include regexes, replacing the profile's include list")
    .option('--tests <file>', "the test ids selected from, one per line (default: the profile's Tempest's); a selected test missing from the stream counts as not run")
    .option('--json', 'print the summary as one JSON document on stdout (schemaVersion 1, see the README); the lines go to stderr', false)
    .action(async (subunit: string, options: ReportOptions) => {
      if (options.out === '') throw new UsageError('an empty folder name', { where: '--out' });
      const out = options.out ? requireReportsDir(options.out, '--out') : resolve('reports', `report-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      requireBaselineForRegressions(options.onlyRegressions, options.baseline);
      const baselineDir = options.baseline === undefined ? undefined : resolveReportFolder('--baseline', options.baseline);
      const profile = options.profile === undefined ? undefined : findProfile(options.profile);
      const knownFailures = options.knownFailures !== undefined ? loadKnownFailures(requireFile('--known-failures', options.knownFailures)) : profile ? loadKnownFailures(join(profile.filtersDir, 'known-failures.txt')) : [];
      const threshold = options.threshold === undefined ? DEFAULT_THRESHOLD : parseThreshold(options.threshold);
      const selected = selectionOf(options, profile);

      // Read before anything is written (bad input leaves no folder); stdin is kept in a file first.
      const source = subunit === '-' ? await stdinToFile() : subunit;
      const results = await readResults(source);
      // A bare stream carries no secrets of a run of ours: the credential shapes are masked.
      const redact = createRedactor([]);
      // The folder keeps the stream, masked inside its packets (a gzipped one is kept decompressed).
      await mkdir(out, { recursive: true });
      const stream = join(out, 'tempest.subunit');
      if (resolve(source) !== stream) await copyMasked(source, stream, redact);
      if (subunit === '-') await rm(dirname(source), { recursive: true, force: true });
      const report = await reportRun({
        results,
        redact,
        // A bare stream has no stage records: its stack is taken to have come up.
        stackUp: true,
        ...(selected ? { selected } : {}),
        policy: { knownFailures, voting: options.voting, threshold, onlyRegressions: options.onlyRegressions },
        ...(baselineDir && options.baseline !== undefined ? { baseline: { dir: baselineDir, label: options.baseline } } : {}),
        pageTitle: `Tempest results: ${subunit}`,
        environment: { source: subunit, ...(profile ? { profile: profile.name } : {}), selection: { selected: selected?.length ?? null, shard: null } },
      });
      await writeRunReport(report, out);
      const { totals, verdict } = report;
      if (!verdict) throw new Error('a report with a policy always has a verdict');
      // With --json, stdout carries the document alone.
      const lines = options.json ? process.stderr : process.stdout;
      const palette = paletteFor(lines);
      const say = (text: string) => lines.write(`${text}\n`);
      say(`${totals.total} tests: ${palette.paint(`${totals.passed} passed`, totals.passed ? 'pass' : undefined)}, ${palette.paint(failedCountText(totals.failed, verdict), totals.failed > verdict.knownFailed.length ? 'fail' : undefined)}, ${totals.skipped} skipped, ${totals.crashed} crashed, ${totals.notRun} not run, ${totals.damaged} damaged`);
      const damage = damageTotals(results);
      if (damage.count) console.error(`dockenstack: ${subunit} is damaged: ${damage.count} stretch(es), ${damage.bytes} bytes, are not subunit (listed in summary.md and junit.xml)`);
      say(palette.paint(`${verdict.passed ? 'PASSED' : 'FAILED'} (${options.voting ? 'voting' : 'non-voting'})${verdict.reasons.length ? `: ${verdict.reasons.join('; ')}` : ''}`, verdict.passed ? 'pass' : 'fail'));
      const files = ['junit.xml', 'summary.md', 'index.html', 'manifest.json', 'tempest.subunit'];
      say(`wrote ${files.slice(0, -1).join(', ')} and ${files.at(-1)} in ${out}`);
      if (options.json) process.stdout.write(`${JSON.stringify(reportSummaryDocument(report, out, damage, files), null, 2)}\n`);
      process.exitCode = verdict.exitCode;
    });
}

/** Standard input, saved whole: the report folder keeps the stream, and it is read from the file. */
async function stdinToFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'dockenstack-stdin-')), 'tempest.subunit');
  await pipeline(process.stdin, createWriteStream(path));
  return path;
}

/** `source` into `target` with its packets masked; a gzipped source is decompressed first, beside it. */
async function copyMasked(source: string, target: string, redact: Redactor): Promise<void> {
  const head = Buffer.alloc(MAGIC_BYTES);
  const file = await open(source);
  try {
    await file.read(head, 0, MAGIC_BYTES, 0);
  } finally {
    await file.close();
  }
  if (compressionOf(head) !== 'gzip') return writeRedactedSubunit(source, target, redact);
  // The masked copy reads its source twice (decoding, then copying unchanged packets as they are).
  const plain = `${target}.plain`;
  await pipeline(createReadStream(source), createGunzip(), createWriteStream(plain));
  try {
    await writeRedactedSubunit(plain, target, redact);
  } finally {
    await rm(plain, { force: true });
  }
}

/** The tests the run selected, when selection options say so: selected ones missing from the stream count as not run. */
function selectionOf(options: ReportOptions, profile: Profile | undefined): string[] | undefined {
  const given = options.includeList.length > 0 || options.excludeList.length > 0 || options.regex !== undefined || options.tests !== undefined;
  if (!given) return undefined;
  const idsPath = options.tests !== undefined ? requireFile('--tests', options.tests) : profile?.kind.knownTempest(profile.release)?.testIdsPath;
  if (idsPath === undefined || !existsSync(idsPath)) throw new UsageError('selection options need the test ids they select from', { where: '--tests', hint: "give --tests FILE (e.g. from 'tempest run --list-tests'), or --profile distro" });
  const ids = parseTestIdList(readTextInput(idsPath, { option: '--tests', what: 'a list of test ids' }));
  return [...selectTests(ids, selectionFilters(profile?.filtersDir, options)).selected];
}

// The distro gate, in one of two modes; each prints every stage's time side by side and ratios.
//
// BENCH_BEFORE=CHECKOUT (issue 19, "a fast gate"): the gate of another checkout of dockenstack (the
// code before a change, e.g. a `git worktree add --detach … main` with its npm ci done) against
// this one's, each on each selection of BENCH_SELECTIONS (default `ci`; `ci,full` adds the
// profile's full selection, about half an hour a gate here), before then after, one after the
// other in one session. Each side runs with its own defaults (concurrency among them) and builds
// its own image first if it has to: a stage of its own in the table, left out of the ratios (the
// aims are for a warm gate). The after gate is compared with the before one through the
// harness's `--baseline`, so the table says whether the same tests ran and passed. BENCH_REPORTS
// names the reports folder, BENCH_RUN_PREFIX the run ids' start (default `bench`);
// BENCH_AFTER_TIMINGS=1 gives the after gate the before gate's times (--timings), as a CI job that
// keeps its last report would.
//   BENCH_BEFORE=/work/wt/before npx tsx bench/gate/run.ts
//
// Without BENCH_BEFORE: each release (distro: Epoxy on trixie; distro-zed: Zed on bookworm; or
// BENCH_PROFILES) cold (no dockenstack image on the engine, not even the debootstrap bases) and
// warm (images cached), on each selection of BENCH_SELECTIONS (default `ci`; `full` is the
// profile's whole selection, the issue's aims). Cold means cold: these gates run on an engine of
// the bench's own (its own dockerd, socket, data root and bridge), started on an empty data root
// and removed at the end, so nobody's images are removed and nothing cached elsewhere helps. Each
// profile's first selection runs cold, then each selection warm.
//   npx tsx bench/gate/run.ts
//   BENCH_PROFILES=distro BENCH_SELECTIONS=full npx tsx bench/gate/run.ts
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { $ } from 'zx/core';
import { PROFILES } from '../../harness/plan/profiles.ts';
import { SecondEngine } from '../../test/integration/support/second-engine.ts';

const root = join(import.meta.dirname, '..', '..');
const reports = process.env.BENCH_REPORTS ?? mkdtempSync(join(tmpdir(), 'dockenstack-bench-gate-'));
mkdirSync(reports, { recursive: true });

type Manifest = {
  stages: { name: string; seconds: number }[];
  totals: { total: number; passed: number; failed: number; skipped: number; notRun: number };
  comparison: Record<string, string> | null;
};
type Timed = { runId: string; wall: number; manifest: Manifest };

/** A gate of the bench that did not pass its run: the bench stops there (130 if interrupted). */
class GateExited extends Error {
  constructor(
    runId: string,
    readonly exitCode: number,
  ) {
    super(`gate ${runId} exited with ${exitCode}${exitCode === 130 ? ' (interrupted)' : ''}: its report is under ${reports}`);
  }
}

async function gate(checkout: string, runId: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  const started = Date.now();
  // Its progress lines on our stderr as they come; its exit code checked here.
  // Run without blocking this process: tsx's signal relay asks it whether it handles Ctrl-C, and
  // kills it if it cannot answer.
  const result = await $({ cwd: checkout, stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, CI: 'true' }, quiet: true, nothrow: true })`${process.execPath} ${join(checkout, 'bin', 'dockenstack.js')} gate --run-id ${runId} --reports ${reports} ${args}`;
  if (result.exitCode !== 0) throw new GateExited(runId, result.exitCode ?? 1);
  return { runId, wall: (Date.now() - started) / 1000, manifest: JSON.parse(readFileSync(join(reports, runId, 'manifest.json'), 'utf8')) as Manifest };
}

/**
 * A comma-separated list from the environment, each item one of `known`; anything else stops the
 * bench with one line and exit 2, before it starts an engine or runs a gate.
 */
function listAsked(variable: string, fallback: string, known: readonly string[]): string[] {
  const asked = (process.env[variable] ?? fallback).split(',');
  const unknown = asked.filter((item) => !known.includes(item));
  if (unknown.length > 0) {
    console.error(`${variable}: unknown ${unknown.map((item) => JSON.stringify(item)).join(', ')} (known: ${known.join(', ')}; comma-separated)`);
    process.exit(2);
  }
  return asked;
}

const selectionsAsked = () => listAsked('BENCH_SELECTIONS', 'ci', ['ci', 'full']);
/** The profiles that run here (Debian's packages) and ship a CI list. */
const DISTRO_PROFILES = PROFILES.filter((p) => p.kind.name === 'distro').map((p) => p.name);

const stageSeconds = (run: Timed, name: string) => run.manifest.stages.find((s) => s.name === name)?.seconds ?? 0;
/** The gate without building its image: what a warm gate costs. */
const warmSeconds = (run: Timed) => run.wall - stageSeconds(run, 'image');

async function beforeAfter(before: string): Promise<void> {
  const stamp = Date.now().toString(36);
  const prefix = process.env.BENCH_RUN_PREFIX ?? 'bench';
  const selections = selectionsAsked();
  const listOf = (selection: string) => (selection === 'ci' ? ['--include-list', 'tempest-filters/distro/include-ci.txt'] : []);
  const runs: { selection: string; old: Timed; now: Timed }[] = [];
  for (const selection of selections) {
    const old = await gate(before, `${prefix}-${selection}-before-${stamp}`, listOf(selection));
    const timings = process.env.BENCH_AFTER_TIMINGS === '1' ? ['--timings', join(reports, old.runId)] : [];
    const now = await gate(root, `${prefix}-${selection}-after-${stamp}`, [...listOf(selection), '--baseline', join(reports, old.runId), ...timings]);
    runs.push({ selection, old, now });
  }
  console.log(`reports in ${reports}; before = ${before}, after = ${root}\n`);
  console.log(`| stage | ${runs.map((r) => `${r.selection} before s | ${r.selection} after s | after/before`).join(' | ')} |\n|---|${runs.map(() => '---:|---:|---:').join('|')}|`);
  for (const { name } of runs[0]!.old.manifest.stages) {
    console.log(`| ${name} | ${runs.map((r) => `${stageSeconds(r.old, name).toFixed(0)} | ${stageSeconds(r.now, name).toFixed(0)} | ${(stageSeconds(r.now, name) / stageSeconds(r.old, name)).toFixed(2)}`).join(' | ')} |`);
  }
  console.log(`| whole gate without image | ${runs.map((r) => `${warmSeconds(r.old).toFixed(0)} | ${warmSeconds(r.now).toFixed(0)} | ${(warmSeconds(r.now) / warmSeconds(r.old)).toFixed(2)}`).join(' | ')} |`);
  const totals = (t: Manifest['totals']) => `${t.total} selected, ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.notRun} not run`;
  for (const { selection, old, now } of runs) {
    console.log(`\n${selection}: warm gate ${(warmSeconds(old) / 60).toFixed(1)} → ${(warmSeconds(now) / 60).toFixed(1)} min (after/before ${(warmSeconds(now) / warmSeconds(old)).toFixed(2)})`);
    console.log(`  before: ${totals(old.manifest.totals)}\n  after:  ${totals(now.manifest.totals)}`);
    console.log(`  after against before (--baseline): ${JSON.stringify(now.manifest.comparison)}`);
  }
}

async function coldWarm(): Promise<void> {
  const profiles = listAsked('BENCH_PROFILES', DISTRO_PROFILES.join(','), DISTRO_PROFILES);
  const selections = selectionsAsked();
  const engine = new SecondEngine({ name: 'dockenstack-bench-engine', bridge: 'dockenstack3', bridgeAddress: '172.31.251.1/24' });
  rmSync(engine.dataRoot, { recursive: true, force: true });
  await engine.start();
  const listOf = (profile: string, selection: string) => ['--profile', profile, ...(selection === 'ci' ? ['--include-list', `tempest-filters/${profile}/include-ci.txt`] : [])];
  // Per profile: the first selection cold, then every selection warm.
  const runs: { label: string; run: Timed }[] = [];
  try {
    for (const profile of profiles) {
      const [first] = selections;
      runs.push({ label: `${profile} ${first} cold`, run: await gate(root, `bench-${profile}-${first}-cold`, listOf(profile, first!), engine.env()) });
      for (const selection of selections) runs.push({ label: `${profile} ${selection} warm`, run: await gate(root, `bench-${profile}-${selection}-warm`, listOf(profile, selection), engine.env()) });
    }
  } finally {
    await engine.stop();
    rmSync(engine.dataRoot, { recursive: true, force: true });
  }
  console.log(`| stage | ${runs.map((r) => `${r.label} s`).join(' | ')} |\n|---|${runs.map(() => '---:').join('|')}|`);
  for (const { name } of runs[0]!.run.manifest.stages) {
    console.log(`| ${name} | ${runs.map((r) => stageSeconds(r.run, name).toFixed(0)).join(' | ')} |`);
  }
  console.log(`| whole gate | ${runs.map((r) => r.run.wall.toFixed(0)).join(' | ')} |`);
  const totals = (t: Manifest['totals']) => `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.notRun} not run of ${t.total}`;
  // The issue's aims: the full selection cold under 15 min and warm under 10; the CI one warm under 3.
  for (const { label, run } of runs) console.log(`${label}: ${(run.wall / 60).toFixed(1)} min; ${totals(run.manifest.totals)}`);
}

// Ctrl-C reaches the gate running now (it cleans up and exits 130); the bench itself stays, so
// that coldWarm's `finally` stops its engine and removes the data root with the images it built,
// and says which gate was interrupted.
process.on('SIGINT', () => {});
try {
  if (process.env.BENCH_BEFORE) await beforeAfter(resolve(process.env.BENCH_BEFORE));
  else await coldWarm();
} catch (error) {
  if (!(error instanceof GateExited)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(error.exitCode === 130 ? 130 : 1);
}

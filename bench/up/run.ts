// `dockenstack up` fresh against `up` from a snapshot (issue 18, item 5; aim: ready in under
// 60 s), side by side in one session, one stack at a time, the distro profile as `up` runs it:
//   1. `up --fresh`: stacks, verifies, saves the snapshot of its inputs (the commit timed apart);
//   2. `down`;
//   3. `up` of the same inputs: starts from that snapshot, restarts the services, the same verify;
//   4. `down`.
// ROUNDS (default 1) repeats 1–4. Each stage's time comes from the console's `STAGE: done (m:ss)`
// lines; "ready" is the whole command (a stack is ready when up exits 0), less the snapshot's
// commit for the fresh one (it comes after the stack is up). The image must be built already
// (a build would be a stage of its own in the table); the snapshot is removed at the end unless
// BENCH_KEEP_SNAPSHOT=1.
//   npx tsx bench/up/run.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'dockenstack.js');
const reports = process.env.BENCH_REPORTS ?? mkdtempSync(join(tmpdir(), 'dockenstack-bench-up-'));
const rounds = Number(process.env.ROUNDS ?? '1');
const STAGES = ['image', 'boot', 'stack', 'verify'] as const;

interface Up {
  readonly label: string;
  readonly wall: number;
  readonly stages: Record<string, number>;
  readonly commitSeconds: number;
  readonly snapshotBytes: number;
  readonly snapshotTag: string | undefined;
}

/** Runs the CLI, its output passed through, and returns what it printed with the wall time. */
function dockenstack(args: readonly string[]): Promise<{ code: number | null; output: string; wall: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output, wall: (Date.now() - started) / 1000 })));
}

function stageSeconds(output: string): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const match of output.matchAll(/ (\w+): done \((\d+):(\d\d)\)$/gm)) seconds[match[1] ?? ''] = Number(match[2]) * 60 + Number(match[3]);
  return seconds;
}

async function up(label: string, runId: string, extra: readonly string[]): Promise<Up> {
  const run = await dockenstack(['up', '--run-id', runId, '--reports', reports, ...extra]);
  if (run.code !== 0) throw new Error(`up ${runId} exited with ${run.code}`);
  const record = JSON.parse(readFileSync(join(reports, runId, 'stack.json'), 'utf8')) as { snapshot: { tag: string; use: string; seconds?: number; layerBytes?: number } | null };
  const saved = record.snapshot?.use === 'saved';
  return { label, wall: run.wall, stages: stageSeconds(run.output), commitSeconds: saved ? (record.snapshot?.seconds ?? 0) : 0, snapshotBytes: saved ? (record.snapshot?.layerBytes ?? 0) : 0, snapshotTag: record.snapshot?.tag };
}

async function down(runId: string): Promise<void> {
  const run = await dockenstack(['down', runId]);
  if (run.code !== 0) throw new Error(`down ${runId} exited with ${run.code}`);
}

const ready = (run: Up) => run.wall - run.commitSeconds;
const stamp = Date.now().toString(36);
const results: { fresh: Up; snapshot: Up }[] = [];
let snapshotTag: string | undefined;
/** The run a snapshot is labelled with: `clean --run` removes it. */
let snapshotRun: string | undefined;
try {
  for (let round = 1; round <= rounds; round++) {
    const fresh = await up('fresh', `bench-up-fresh-${round}-${stamp}`, ['--fresh']);
    snapshotTag = fresh.snapshotTag;
    snapshotRun = `bench-up-fresh-${round}-${stamp}`;
    await down(`bench-up-fresh-${round}-${stamp}`);
    const fromSnapshot = await up('snapshot', `bench-up-snap-${round}-${stamp}`, []);
    await down(`bench-up-snap-${round}-${stamp}`);
    if (fromSnapshot.snapshotTag !== snapshotTag) throw new Error(`the second up started from ${fromSnapshot.snapshotTag ?? 'no snapshot'}, not ${snapshotTag}`);
    results.push({ fresh, snapshot: fromSnapshot });
  }
} finally {
  if (snapshotRun && process.env.BENCH_KEEP_SNAPSHOT !== '1') await dockenstack(['clean', '--run', snapshotRun]);
}

const cell = (value: number) => value.toFixed(0).padStart(9);
console.log(`\nup, fresh vs from its snapshot (${new Date().toISOString()}, ${rounds} round(s), seconds):`);
console.log(`${'round'.padEnd(6)}${'run'.padEnd(10)}${STAGES.map((s) => s.padStart(9)).join('')}${'commit'.padStart(9)}${'whole'.padStart(9)}${'ready'.padStart(9)}`);
results.forEach(({ fresh, snapshot }, index) => {
  for (const run of [fresh, snapshot]) {
    console.log(`${String(index + 1).padEnd(6)}${run.label.padEnd(10)}${STAGES.map((s) => cell(run.stages[s] ?? 0)).join('')}${cell(run.commitSeconds)}${cell(run.wall)}${cell(ready(run))}`);
  }
  console.log(`${''.padEnd(6)}snapshot ${fresh.snapshotTag ?? '?'}: ${(fresh.snapshotBytes / 1e9).toFixed(2)} GB over the stack image, committed in ${fresh.commitSeconds.toFixed(1)} s`);
  console.log(`${''.padEnd(6)}${'ratio'.padEnd(10)}${''.padStart(9 * (STAGES.length + 2))}${(ready(snapshot) / ready(fresh)).toFixed(2).padStart(9)}  (snapshot/fresh, ready)`);
});
const worst = Math.max(...results.map((r) => ready(r.snapshot)));
console.log(`slowest up from a snapshot: ${worst.toFixed(0)} s to ready (aim: under 60 s): ${worst < 60 ? 'met' : 'NOT met'}`);

// Where a gate's time went, from its report folder: the stages (manifest.json), the stack script's
// phases (logs/stack.log), Tempest's workers, modules, classes and slowest tests (tempest.subunit),
// and each service's latency as Tempest's client saw it (logs/tempest/tempest.log).
//   npx tsx bench/time-breakdown.ts REPORT_FOLDER [TOP]
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readResults } from '../harness/results/read-results.ts';
import { RequestLatencies, stackPhasesOf, timeBreakdown, type Share } from '../harness/selection/time-breakdown.ts';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: npx tsx bench/time-breakdown.ts REPORT_FOLDER [TOP]');
const top = Number(process.argv[3] ?? '15');
const s = (seconds: number) => seconds.toFixed(1);

async function* lines(path: string): AsyncGenerator<string> {
  if (!existsSync(path)) return;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) yield line;
}

const manifestPath = join(folder, 'manifest.json');
if (existsSync(manifestPath)) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stages: { name: string; seconds: number }[]; totals: Record<string, number> };
  console.log('## Stages\n\n| stage | s |\n|---|---:|');
  for (const stage of manifest.stages) console.log(`| ${stage.name} | ${s(stage.seconds)} |`);
  console.log(`\ntotals: ${JSON.stringify(manifest.totals)}`);
}

const phaseLines: string[] = [];
for await (const line of lines(join(folder, 'logs', 'stack.log'))) if (line.includes('--- phase:')) phaseLines.push(line);
const phases = stackPhasesOf(phaseLines);
if (phases.length) {
  console.log('\n## Stack phases\n\n| phase | s |\n|---|---:|');
  for (const phase of phases) console.log(`| ${phase.name} | ${phase.seconds} |`);
}

const breakdown = timeBreakdown(await readResults(join(folder, 'tempest.subunit')));
const spans = breakdown.testSeconds + breakdown.betweenSeconds;
console.log(`\n## Tempest\n\nwall ${s(breakdown.wallSeconds)} s on ${breakdown.workers.length} workers: in tests ${s(breakdown.testSeconds)} s, between tests (class fixtures) ${s(breakdown.betweenSeconds)} s, idle at the end ${s(breakdown.workers.length * breakdown.wallSeconds - spans)} s`);
console.log('\n| worker | tests | in tests s | between s | last end s |\n|---|---:|---:|---:|---:|');
for (const w of breakdown.workers) console.log(`| ${w.worker} | ${w.tests} | ${s(w.testSeconds)} | ${s(w.betweenSeconds)} | ${s(w.spanSeconds)} |`);
const table = (title: string, shares: readonly Share[]) => {
  console.log(`\n### ${title} (top ${top} of ${shares.length})\n\n| name | tests | s | share | workers |\n|---|---:|---:|---:|---|`);
  for (const share of shares.slice(0, top)) console.log(`| ${share.name} | ${share.tests} | ${s(share.seconds)} | ${((100 * share.seconds) / Math.max(1e-9, spans)).toFixed(1)} % | ${share.workers.join(' ')} |`);
};
table('Modules (likewise)', breakdown.modules);
table('Classes (with the time between tests before them: their setUpClass)', breakdown.classes);
table('Tests', breakdown.tests);

const latencies = new RequestLatencies();
for await (const line of lines(join(folder, 'logs', 'tempest', 'tempest.log'))) latencies.addLine(line);
const services = latencies.summary();
if (services.length) {
  console.log('\n## Service latency (Tempest\'s client, tempest.log)\n\n| service | requests | total s | median s | p95 s | max s | slowest |\n|---|---:|---:|---:|---:|---:|---|');
  for (const l of services) console.log(`| ${l.service} | ${l.requests} | ${s(l.seconds)} | ${l.medianSeconds.toFixed(3)} | ${l.p95Seconds.toFixed(3)} | ${l.maxSeconds.toFixed(2)} | ${l.slowest.slice(0, 80)} |`);
}

// Our `report` against python-subunit's subunit2junitxml on two streams made from the same real
// Tempest run: `big`, enlarged to at least 100 MB (the real packets re-encoded with renamed test
// ids and shifted timestamps, so it stays a valid stream), and `repeated`, the run concatenated
// BENCH_REPEATS times as it is (every test id repeated: each repetition an attempt). Both tools
// run in the same session, in alternating rounds, under /usr/bin/time -v: wall time and peak
// memory, side by side, and their ratios.
//   needs: apt-get install -y subunit python3-junitxml time
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSubunit } from '../../harness/subunit/parse-stream.ts';
import { copyOfStream } from '../../test/support/enlarge-stream.ts';
import { timeCommand, type TimedCommand } from '../timed-command.ts';

const root = join(import.meta.dirname, '..', '..');
const source = join(root, 'test', 'fixtures', 'subunit', 'compute-servers.subunit');
const work = '/tmp/dockenstack-bench-subunit';
const big = join(work, 'big.subunit');
const targetBytes = Number(process.env.BENCH_MB ?? 105) * 1024 * 1024;
const repeats = Number(process.env.BENCH_REPEATS ?? 600);
const repeated = join(work, `repeated-${repeats}.subunit`);

function repeat(): void {
  if (existsSync(repeated)) return;
  mkdirSync(work, { recursive: true });
  const once = readFileSync(source);
  writeFileSync(repeated, Buffer.concat(Array.from({ length: repeats }, () => once)));
}

async function enlarge(): Promise<void> {
  if (existsSync(big) && statSync(big).size >= targetBytes) return;
  mkdirSync(work, { recursive: true });
  const packets = [];
  for await (const packet of parseSubunit(createReadStream(source))) if (packet.kind === 'event') packets.push(packet);
  const out = createWriteStream(big);
  let written = 0;
  for (let copy = 0; written < targetBytes; copy++) {
    for (const bytes of copyOfStream(packets, copy, 600_000)) {
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      written += bytes.length;
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** A tool's run, timed; a failure stops the benchmark with what it printed. */
async function measure(label: string, command: string): Promise<TimedCommand> {
  const timed = await timeCommand(command);
  if (timed.status !== 0) throw new Error(`${label} failed: ${timed.stderr.slice(-2000)}`);
  return timed;
}

await enlarge();
repeat();
// Rounds alternate the two tools, so that a slow spell of the machine falls on both; the median
// round is the figure.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
for (const [name, stream, what] of [
  ['big', big, `the real ${source} re-encoded`],
  ['repeated', repeated, `the real ${source} ${repeats} times over, test ids repeated`],
] as const) {
  console.log(`stream ${name}: ${stream}, ${(statSync(stream).size / 1024 / 1024).toFixed(1)} MiB (${what})`);
  const rows: { ours: TimedCommand; theirs: TimedCommand }[] = [];
  for (let round = 0; round < rounds; round++) {
    rows.push({
      ours: await measure('dockenstack report', `node ${join(root, 'bin', 'dockenstack.js')} report ${stream} --out ${work}/ours > /dev/null`),
      theirs: await measure('subunit2junitxml', `subunit2junitxml < ${stream} > ${work}/theirs.xml`),
    });
  }
  console.log('| round | ours s | ours peak MiB | subunit2junitxml s | its peak MiB | ours is x as fast | ours peaks at % of its |\n|---:|---:|---:|---:|---:|---:|---:|');
  rows.forEach(({ ours, theirs }, round) => {
    console.log(`| ${round + 1} | ${ours.seconds.toFixed(2)} | ${ours.peakMiB.toFixed(0)} | ${theirs.seconds.toFixed(2)} | ${theirs.peakMiB.toFixed(0)} | ${(theirs.seconds / ours.seconds).toFixed(1)} | ${((ours.peakMiB / theirs.peakMiB) * 100).toFixed(0)} |`);
  });
  const speed = median(rows.map(({ ours, theirs }) => theirs.seconds / ours.seconds));
  const memory = median(rows.map(({ ours, theirs }) => ours.peakMiB / theirs.peakMiB));
  console.log(`${name}, median: ours is ${speed.toFixed(1)}x as fast; ours peaks at ${(memory * 100).toFixed(0)} % of its memory\n`);
}

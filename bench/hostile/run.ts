// Hostile inputs of 1, 2 and 4 MiB, each timed under /usr/bin/time -v in one session: our
// `report` against python-subunit's `subunit2junitxml` on the same bytes, and our `localconf` on a
// local.conf of comments. Growth is linear when the seconds double with the size (peak memory
// should stay flat).
//   needs: apt-get install -y subunit python3-junitxml time
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeCommand as measure } from '../timed-command.ts';

const root = join(import.meta.dirname, '..', '..');
// BENCH_CLI: another checkout's bin/dockenstack.js, to compare with the code before a change.
const cli = process.env.BENCH_CLI ?? join(root, 'bin', 'dockenstack.js');
const work = '/tmp/dockenstack-bench-hostile';
const MiB = 1024 * 1024;

/**
 * Packet headers declaring a length of half the stream, each one's fields consistent with it (a
 * file attachment filling the body), with a wrong CRC, back to back: each 0xb3 of the first half is
 * a candidate whose CRC would cover half the stream.
 */
function hugeHeaders(size: number): Buffer {
  const length = Math.min(size / 2, 0x3ffff0);
  const header = Buffer.from([0xb3, 0x20, 0x40, 0x80 | (length >> 16), (length >> 8) & 0xff, length & 0xff, 0x00, 0xc0, 0, 0, 0]);
  header.writeUInt32BE((0xc0000000 | (length - 4 - header.length)) >>> 0, 7);
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += header.length) header.copy(out, at);
  return out;
}

const inputs: { name: string; make: (size: number) => Buffer }[] = [
  { name: 'headers declaring 4 MiB', make: hugeHeaders },
  { name: 'a run of 0xb3', make: (size) => Buffer.alloc(size, 0xb3) },
];

mkdirSync(work, { recursive: true });
console.log('| input | MiB | ours s | ours peak MiB | ours exit | subunit2junitxml s | its peak MiB |\n|---|---:|---:|---:|---:|---:|---:|');
for (const input of inputs) {
  for (const mib of [1, 2, 4]) {
    const file = join(work, `stream-${mib}.subunit`);
    writeFileSync(file, input.make(mib * MiB));
    const ours = await measure(`node ${cli} report ${file} --out ${work}/ours > /dev/null 2>&1`);
    const theirs = await measure(`subunit2junitxml < ${file} > ${work}/theirs.xml 2>/dev/null`);
    console.log(`| ${input.name} | ${mib} | ${ours.seconds.toFixed(2)} | ${ours.peakMiB.toFixed(0)} | ${ours.status} | ${theirs.seconds.toFixed(2)} | ${theirs.peakMiB.toFixed(0)} |`);
  }
}

console.log('\n| local.conf of comments | MiB | ours s | ours peak MiB | ours exit |\n|---|---:|---:|---:|---:|');
for (const mib of [1, 2, 4]) {
  const file = join(work, `local-${mib}.conf`);
  writeFileSync(file, `[[local|localrc]]\n${'# a comment line of some length, as a long local.conf would have\n'.repeat(Math.ceil((mib * MiB) / 64))}`.slice(0, mib * MiB));
  const ours = await measure(`node ${cli} localconf --profile distro --local-conf ${file} > /dev/null 2>&1`);
  console.log(`| comments | ${mib} | ${ours.seconds.toFixed(2)} | ${ours.peakMiB.toFixed(0)} | ${ours.status} |`);
}

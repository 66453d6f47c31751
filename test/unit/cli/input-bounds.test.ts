// Issue 20, Found 4, for every text file a command reads whole (audit of 2026-11-30): a filter
// list, a --tests id list or a known-failures list that is a device, a FIFO or a huge file is
// refused with one line and exit 2 before it is opened. Before, `select --include-list FIFO`
// blocked until killed and `select --tests /dev/zero` grew to 7.5 GB in a minute.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_INPUT_BYTES } from '../../../harness/input-paths.ts';

const cli = join(import.meta.dirname, '..', '..', '..', 'bin', 'dockenstack.js');
const work = mkdtempSync(join(tmpdir(), 'input-bounds-'));
const fifo = join(work, 'list.txt');
execFileSync('mkfifo', [fifo]);
const huge = join(work, 'huge.txt');
writeFileSync(huge, '');
truncateSync(huge, MAX_TEXT_INPUT_BYTES + 1);
const stream = join(work, 'empty.subunit');
writeFileSync(stream, '');
// A shard's report folder (from another job's artifacts) whose manifest.json is a FIFO.
const shard = join(work, 'shard');
mkdirSync(shard);
writeFileSync(join(shard, 'tempest.subunit'), '');
execFileSync('mkfifo', [join(shard, 'manifest.json')]);

/** A child process, so that a blocking read fails by its timeout instead of hanging the runner. */
function run(args: readonly string[]) {
  return spawnSync('node', [cli, ...args], { encoding: 'utf8', timeout: 30_000, maxBuffer: 1024 * 1024 });
}

describe('text inputs are bounded (issue 20, Found 4)', () => {
  it.each([
    ['select --include-list FIFO', ['select', '--profile', 'distro', '--include-list', fifo], /^dockenstack: --include-list: .*list\.txt is not a regular file \(a FIFO\): give an stestr filter list$/],
    ['select --tests /dev/zero', ['select', '--profile', 'distro', '--tests', '/dev/zero'], /^dockenstack: --tests: \/dev\/zero is not a regular file \(a device\): give a list of test ids$/],
    ['gate --exclude-list HUGE', ['gate', '--dry-run', '--exclude-list', huge], /^dockenstack: --exclude-list: .*huge\.txt is \d+ bytes; an stestr filter list is read only up to \d+ bytes$/],
    ['report --tests HUGE', ['report', stream, '--out', join(work, 'out'), '--tests', huge], /^dockenstack: --tests: .*huge\.txt is \d+ bytes; a list of test ids is read only up to/],
    ['report --known-failures HUGE', ['report', stream, '--out', join(work, 'out2'), '--known-failures', huge], /^dockenstack: --known-failures: .*huge\.txt is \d+ bytes/],
    ['merge DIR with a FIFO manifest.json', ['merge', shard, '--out', join(work, 'merged')], /^dockenstack: DIR: .*manifest\.json is not a regular file \(a FIFO\): give a manifest$/],
  ])('Found 4: %s: exit 2, one line', (_name, args, message) => {
    const result = run(args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
  });
});

// A subunit file (or stdin) into RunResults, streamed.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { collectResults, reportableTests } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { parseSubunit } from '../subunit/parse-stream.ts';

export async function readResults(path: string): Promise<RunResults> {
  if (path !== '-') {
    if (!existsSync(path)) throw new UsageError(`${path} does not exist`, { where: 'SUBUNIT' });
    if (!statSync(path).isFile()) throw new UsageError(`${path} is not a file`, { where: 'SUBUNIT' });
  }
  const source = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });
  const results = await collectResults(parseSubunit(source));
  if (results.tests.length === 0 && results.textBytes > 0) {
    throw new UsageError(`${path} holds no subunit v2 packet (${results.textBytes} bytes of other data)`, {
      where: 'SUBUNIT',
      hint: 'give the stream `tempest run --subunit` or `stestr last --subunit` wrote',
    });
  }
  return results;
}

/** The tests a report counts, of an earlier run's report folder (see resolveReportFolder): a baseline. */
export async function readBaselineTests(reportFolder: string): Promise<TestResult[]> {
  return reportableTests((await readResults(join(reportFolder, 'tempest.subunit'))).tests);
}

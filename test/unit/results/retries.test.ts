import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../harness/report/junit.ts';
import { collectResults } from '../../../harness/results/collect.ts';
import { failedIds, mergeRetries } from '../../../harness/results/retries.ts';
import { parseSubunit } from '../../../harness/subunit/parse-stream.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit');
const read = (name: string) => {
  const source = createReadStream(join(fixtures, name));
  return collectResults(parseSubunit(name.endsWith('.gz') ? source.pipe(createGunzip()) : source));
};

describe('mergeRetries, on real streams', () => {
  it('marks a test that failed and then passed as flaky, and keeps the others failing', async () => {
    const first = await read('distro-full.subunit.gz');
    // A real later run in which the console-output test, failed in the first, passed.
    const retry = await read('compute-servers.subunit');
    const failing = failedIds(first);
    expect(failing).toHaveLength(6);
    const merged = mergeRetries(first, [retry]);
    const consoleId = failing.find((id) => id.includes('test_get_console_output_with_unlimited_size')) ?? '';
    expect(merged.flaky).toEqual([consoleId]);
    expect(merged.results.tests.find((t) => t.id === consoleId)?.status).toBe('success');
    expect(failedIds(merged.results)).toEqual(failing.filter((id) => id !== consoleId));
    expect(merged.results.tests).toHaveLength(first.tests.length);

    const xml = renderJunit(merged.results, { reruns: merged.reruns });
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as {
      testsuites: { testsuite: { testcase: { name: string; failure?: unknown; flakyFailure?: { type: string; message: string; stackTrace: unknown } }[] }[] };
    };
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    const flakyCase = cases.find((c) => consoleId.endsWith(c.name));
    expect(flakyCase?.failure).toBeUndefined();
    expect(flakyCase?.flakyFailure).toMatchObject({ type: 'Failure', message: "<class 'oslo_messaging.exceptions.MessagingTimeout'>" });
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(5);
  });

  it('turns a test that failed on every attempt into rerunFailure elements', async () => {
    const first = await read('distro-full.subunit.gz');
    const merged = mergeRetries(first, [first]);
    expect(merged.flaky).toEqual([]);
    expect(merged.reruns.size).toBe(6);
    expect(renderJunit(merged.results, { reruns: merged.reruns }).match(/<rerunFailure /g)).toHaveLength(6);
  });
});

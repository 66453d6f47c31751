// The HTML report in a real browser (Debian's chromium, driven by playwright-core): a real run's
// report renders with no console errors, failures come first, and one unfolds on click.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../harness/report/html.ts';
import { collectResults } from '../../harness/results/collect.ts';
import { parseSubunit } from '../../harness/subunit/parse-stream.ts';
import { judge, renderVerdict } from '../../harness/verdict/verdict.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'subunit', 'distro-full.subunit.gz');

describe('index.html in chromium', () => {
  it('renders a real run, failures first, and a failure unfolds on click', async () => {
    const results = await collectResults(parseSubunit(createReadStream(fixture).pipe(createGunzip())));
    const verdict = judge({ selected: results.tests.filter((t) => !t.fixture).map((t) => t.id), results: results.tests, knownFailures: [], stackUp: true, voting: false });
    const dir = mkdtempSync(join(tmpdir(), 'dockenstack-html-'));
    const page = join(dir, 'index.html');
    writeFileSync(page, renderHtmlReport(results, { title: 'dockenstack distro full run', verdictBlock: renderVerdict(verdict), logs: ['logs/stack.log'] }));
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(`file://${page}`);
      expect(await tab.textContent('#verdict')).toMatch(/Verdict: PASSED/);
      expect(await tab.textContent('#totals')).toMatch(/837 tests: 598 passed, 6 failed, 233 skipped/);
      const failures = tab.locator('details.failure');
      expect(await failures.count()).toBe(6);
      const first = failures.first();
      expect(await first.locator('pre').isVisible()).toBe(false);
      await first.locator('summary').click();
      expect(await first.locator('pre').isVisible()).toBe(true);
      expect(await first.locator('pre').textContent()).toMatch(/Traceback/);
      // Failures come before the timeline and the slowest tests.
      const order = await tab.$$eval('h2', (headings) => headings.map((h) => h.textContent ?? ''));
      expect(order[0]).toMatch(/^Failures/);
      expect(order.some((h) => h.startsWith('Timeline'))).toBe(true);
      await tab.screenshot({ path: join(dir, 'report.png'), fullPage: false });
      process.stdout.write(`screenshot: ${join(dir, 'report.png')}\n`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

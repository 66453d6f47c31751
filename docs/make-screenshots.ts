// The README's pictures of index.html, made in Debian's chromium from real runs kept in the
// fixtures: the distro profile's full run (837 tests) and a gate's report folder with service
// logs. `npx tsx docs/make-screenshots.ts` rewrites docs/report-*.png.
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { renderHtmlReport } from '../harness/report/html.ts';
import type { HtmlOptions } from '../harness/report/html/html-options.ts';
import { readFolderFacts } from '../harness/report/html/folder-facts.ts';
import { collectResults } from '../harness/results/collect.ts';
import type { RunResults } from '../harness/results/model.ts';
import { parseSubunit } from '../harness/subunit/parse-stream.ts';
import { judge, renderVerdict } from '../harness/verdict/verdict.ts';

const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'dockenstack-shots-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });

async function page(name: string, results: RunResults, options: HtmlOptions, width: number, height: number): Promise<Page> {
  const file = join(work, `${name}.html`);
  writeFileSync(file, renderHtmlReport(results, options));
  const tab = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
  await tab.goto(`file://${file}`);
  return tab;
}

const verdictOf = (results: RunResults) =>
  renderVerdict(judge({ selected: results.tests.filter((t) => !t.fixture).map((t) => t.id), results: results.tests, knownFailures: [], stackUp: true, voting: false }));

try {
  const folder = join(fixtures, 'report-folder');
  const gate = await collectResults(parseSubunit(createReadStream(join(folder, 'tempest.subunit'))));
  const facts = await readFolderFacts(folder, gate);
  let tab = await page('failure', gate, { title: 'dockenstack gate (distro)', verdictBlock: verdictOf(gate), ...facts }, 1000, 900);
  await tab.locator('details.failure summary').first().click();
  // The request nova refused with 400 (the failure's cause): its lines in the service logs, under the log.
  await tab.locator('details.failure p.requests button.req.refused').last().click();
  await tab.evaluate(`(() => {
    const log = document.querySelector('details.failure pre.log');
    log.scrollTop = log.scrollHeight;
    const box = document.querySelector('details.failure .service-lines');
    window.scrollTo(0, box.getBoundingClientRect().bottom + window.scrollY - 890);
  })()`);
  await tab.screenshot({ path: join(root, 'docs', 'report-failure.png') });

  const distro = await collectResults(parseSubunit(createReadStream(join(fixtures, 'subunit', 'distro-full.subunit.gz')).pipe(createGunzip())));
  tab = await page('distro', distro, { title: 'dockenstack: the distro profile, 837 tests', verdictBlock: verdictOf(distro) }, 1000, 700);
  await tab.screenshot({ path: join(root, 'docs', 'report-top.png') });
  await tab.locator('#tests').scrollIntoViewIfNeeded();
  await tab.fill('#search', 'servers');
  await tab.click('#status-filters [data-status="failed"]');
  await tab.click('#status-filters [data-status="skipped"]');
  await tab.waitForTimeout(200);
  await tab.locator('#tests').screenshot({ path: join(root, 'docs', 'report-tests.png') });
  await tab.locator('#timeline').scrollIntoViewIfNeeded();
  await tab.waitForTimeout(300);
  await tab.locator('#timeline').screenshot({ path: join(root, 'docs', 'report-timeline.png') });

  tab = await page('narrow', distro, { title: 'dockenstack: the distro profile, 837 tests', verdictBlock: verdictOf(distro) }, 400, 760);
  await tab.locator('details.failure summary').first().click();
  await tab.screenshot({ path: join(root, 'docs', 'report-narrow.png') });
} finally {
  await browser.close();
}

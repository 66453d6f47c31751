// The HTML report in a real browser (Debian's chromium, driven by playwright-core), on real runs'
// output: what a reader does with it (unfold a failure, filter, search, follow a request id into
// the service logs, open a test from the timeline) and what it must show (a failed stage first,
// the comparison as tables, the environment), at 400 px as on a wide screen, and on a 10,000-test
// run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../harness/compare/compare-runs.ts';
import type { StageOutcome } from '../../harness/run/stages.ts';
import { renderHtmlReport, type HtmlOptions } from '../../harness/report/html.ts';
import { readFolderFacts } from '../../harness/report/html/folder-facts.ts';
import { collectResults } from '../../harness/results/collect.ts';
import type { RunResults, TestResult } from '../../harness/results/model.ts';
import { StackLogParser } from '../../harness/stacks/stack-log.ts';
import { parseSubunit } from '../../harness/subunit/parse-stream.ts';
import type { SubunitEvent } from '../../harness/subunit/packet.ts';
import { judge, renderVerdict } from '../../harness/verdict/verdict.ts';
import { copyOfStream } from '../support/enlarge-stream.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const distroFull = join(fixtures, 'subunit', 'distro-full.subunit.gz');
const computeServers = join(fixtures, 'subunit', 'compute-servers.subunit');
const dir = mkdtempSync(join(tmpdir(), 'dockenstack-html-'));

let browser: Browser;
let distro: RunResults;
const errors: string[] = [];

beforeAll(async () => {
  distro = await collectResults(parseSubunit(createReadStream(distroFull).pipe(createGunzip())));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  // No view may throw or log an error, whatever it was asked.
  expect(errors).toEqual([]);
});

/** The report of `results` written to a file and opened in a new tab. */
async function open(name: string, results: RunResults, options: Omit<HtmlOptions, 'title'> = {}, width = 1280): Promise<Page> {
  const page = join(dir, `${name}.html`);
  writeFileSync(page, renderHtmlReport(results, { title: `dockenstack ${name}`, ...options }));
  const tab = await browser.newPage({ viewport: { width, height: 900 } });
  tab.on('console', (message) => message.type() === 'error' && errors.push(`${name}: ${message.text()}`));
  tab.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  await tab.goto(`file://${page}`);
  return tab;
}

// The 90 % threshold this page was drawn with: since the verdict merge, the default is that every
// counted test passes, and a threshold is an explicit relaxation.
const verdictOf = (results: RunResults) =>
  renderVerdict(judge({ selected: results.tests.filter((t) => !t.fixture).map((t) => t.id), results: results.tests, knownFailures: [], stackUp: true, voting: false, threshold: 0.9 }));
const failedIds = (results: RunResults) => results.tests.filter((t) => t.status === 'fail').map((t) => t.id);
const listCount = async (tab: Page) => Number(/^(\d+) of/.exec((await tab.textContent('#list-count')) ?? '')?.[1]);
const shownStatuses = (tab: Page) => tab.$$eval('#rows .row.test', (rows) => [...new Set(rows.map((row) => row.getAttribute('data-status')))]);

describe('index.html in chromium', () => {
  it('renders a real run, failures first, and a failure unfolds to its traceback and captured log', async () => {
    const tab = await open('distro', distro, { verdictBlock: verdictOf(distro), logs: ['logs/stack.log'] });
    expect(await tab.textContent('#verdict')).toMatch(/Verdict: PASSED/);
    expect(await tab.textContent('#totals')).toMatch(/837 tests: 598 passed, 6 failed, 233 skipped/);
    const failures = tab.locator('details.failure');
    expect(await failures.count()).toBe(6);
    const first = failures.first();
    expect(await first.locator('pre.traceback').isVisible()).toBe(false);
    await first.locator('summary').click();
    expect(await first.locator('pre.traceback').textContent()).toMatch(/^Traceback \(most recent call last\)/);
    // The captured logging holds the clue: the 501 of the uptime call.
    expect(await first.locator('pre.log').textContent()).toMatch(/501 GET http:\S+\/os-hypervisors\/1\/uptime/);
    const order = await tab.$$eval('main h2', (headings) => headings.map((h) => h.textContent ?? ''));
    expect(order[0]).toMatch(/^Failures \(6\)/);
    expect(order.slice(1)).toEqual(expect.arrayContaining([expect.stringMatching(/^All tests/), expect.stringMatching(/^Timeline/)]));
  });

  it("links the request ids in a failure's log to the service-log lines that mention them, shown inline", async () => {
    // A real gate's report folder (test/fixtures/report-folder/NOTES.md): a failure whose captured
    // logging carries its requests' ids, and the service logs of the same run.
    const folder = join(fixtures, 'report-folder');
    const results = await collectResults(parseSubunit(createReadStream(join(folder, 'tempest.subunit'))));
    const facts = await readFolderFacts(folder, results);
    const tab = await open('requests', results, facts);
    const failure = tab.locator('details.failure').first();
    await failure.locator('summary').click();
    const links = failure.locator('pre.log button.req');
    expect(await links.count()).toBeGreaterThan(0);
    const link = links.first();
    const id = (await link.textContent()) ?? '';
    expect(id).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(await failure.locator('.service-lines').count()).toBe(0);
    await link.click();
    const shown = failure.locator(`.service-lines[data-request="${id}"]`);
    expect(await shown.locator('h4').textContent()).toMatch(new RegExp(`^${id} in the service logs \\(\\d+ lines?\\)$`));
    const lines = (await shown.locator('pre').allTextContents()).join('\n').split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(new RegExp(`^\\d+: .*${id}`));
    expect(await shown.locator('a').first().getAttribute('href')).toMatch(/^logs\/\w+\/[\w-]+\.log$/);
    // The lines sit right below the log they were asked from, and fold away again.
    expect(await failure.locator('pre.log + .service-lines').count()).toBe(1);
    await link.click();
    expect(await failure.locator('.service-lines').count()).toBe(0);
    // Above the log, each id once, opening the same lines; the requests nova refused marked: the
    // 404 that ends the wait for a deleted server, and the 400 on the console action (the cause).
    const listed = failure.locator('p.requests button.req');
    expect(await listed.allTextContents()).toEqual([...new Set(await links.allTextContents())]);
    const refused = ['req-09c2d96e-9808-4456-9d68-da35f7ca5089', 'req-db74d62e-18ec-4bc3-9f1f-b5c2c4a80bc0'];
    expect(await failure.locator('p.requests button.req.refused').allTextContents()).toEqual(refused);
    expect(await failure.locator('p.requests').textContent()).toContain(`${refused[0]} (404 GET)`);
    expect(await failure.locator('p.requests').textContent()).toContain(`${refused[1]} (400 POST)`);
    await listed.first().click();
    expect(await failure.locator(`pre.log + .service-lines[data-request="${id}"]`).count()).toBe(1);
  });

  it('filters every test by status, searches ids, breaks skips down by reason and sorts by duration', async () => {
    // The real run, with a few of its tests given the statuses it does not have (a known failure,
    // a flaky pass, a crash, a test never run), to see each filter at work.
    const [knownId] = failedIds(distro);
    const passed = distro.tests.filter((t) => t.status === 'success');
    const flakyId = passed[0]?.id ?? '';
    const changed = new Map<string, TestResult['status']>([[passed[1]?.id ?? '', 'crashed'], [passed[2]?.id ?? '', 'notrun']]);
    const results = { ...distro, tests: distro.tests.map((t) => (changed.has(t.id) ? { ...t, status: changed.get(t.id) ?? t.status } : t)) };
    const tab = await open('filters', results, { knownFailures: [{ id: knownId ?? '', reason: 'the uptime call is not implemented' }], flaky: [flakyId] });
    expect(await listCount(tab)).toBe(837);
    // Only the rows in sight exist.
    expect(await tab.locator('#rows .row').count()).toBeLessThan(80);
    const expected: Record<string, number> = { failed: 5, known: 1, crashed: 1, flaky: 1, passed: 595, skipped: 233, notrun: 1 };
    for (const [status, count] of Object.entries(expected)) {
      const chip = tab.locator(`#status-filters [data-status="${status}"]`);
      await chip.click();
      expect(await listCount(tab), status).toBe(count);
      expect(await shownStatuses(tab), status).toEqual([status]);
      await chip.click();
    }
    // Two statuses at once.
    await tab.click('#status-filters [data-status="failed"]');
    await tab.click('#status-filters [data-status="known"]');
    expect(await listCount(tab)).toBe(6);
    await tab.click('#status-filters [data-status="failed"]');
    await tab.click('#status-filters [data-status="known"]');
    // Search by a substring of the id.
    await tab.fill('#search', 'Test_Images_Metadefs');
    const matching = distro.tests.filter((t) => !t.fixture && t.id.includes('test_images_metadefs')).length;
    expect(matching).toBeGreaterThan(3);
    await expect.poll(() => listCount(tab)).toBe(matching);
    for (const name of await tab.$$eval('#rows .row.test .name', (names) => names.map((n) => n.getAttribute('title')))) expect(name).toContain('test_images_metadefs');
    await tab.fill('#search', '');
    await expect.poll(() => listCount(tab)).toBe(837);
    // Skips by reason: the largest first, and a reason narrows the list to its tests.
    const reasons = tab.locator('#skip-reasons tr');
    const top = Number(await reasons.nth(1).locator('td').first().textContent());
    expect(top).toBeGreaterThan(1);
    await reasons.nth(1).locator('a').click();
    expect(await listCount(tab)).toBe(top);
    expect(await shownStatuses(tab)).toEqual(['skipped']);
    await tab.click('#reason-filter button');
    // Grouped by module and class, with counts; then the slowest first.
    expect(await tab.locator('#rows .row.group.module').first().textContent()).toMatch(/tempest\.api\.\S+\d+ tests: /);
    await tab.selectOption('#sort', 'slow');
    const times = await tab.$$eval('#rows .row.test .time', (cells) => cells.slice(0, 5).map((c) => Number.parseFloat(c.textContent ?? '')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBeGreaterThan(60);
    // A row opens its test.
    await tab.locator('#rows .row.test').first().click();
    expect(await tab.locator('dialog#test-view').isVisible()).toBe(true);
    expect(await tab.textContent('dialog#test-view h2')).toContain(await tab.locator('#rows .row.test .name').first().getAttribute('title'));
  });

  it('puts a failed stage first: the stage, the lines that explain it, a link to its log', async () => {
    // stack.sh's real failure (test/fixtures/stack), read as the gate reads it.
    const parser = new StackLogParser();
    for (const line of readFileSync(join(fixtures, 'stack', 'stack-console.log'), 'utf8').split('\n')) parser.push(line);
    const summary = parser.finish();
    const at = new Date('2026-11-26T11:46:48Z');
    const stages: StageOutcome[] = [
      { name: 'plan', status: 'passed', startedAt: at, durationMs: 40 },
      { name: 'image', status: 'passed', startedAt: at, durationMs: 3_100 },
      { name: 'boot', status: 'passed', startedAt: at, durationMs: 2_400 },
      { name: 'stack', status: 'failed', startedAt: at, durationMs: 9_000, message: `stack.sh failed at ${summary.failedAt}`, tellingLines: summary.tellingLines, logFile: 'logs/stack.log' },
      { name: 'tempest', status: 'skipped', startedAt: at, durationMs: 0, message: 'the stack never came up' },
    ];
    const empty: RunResults = { tests: [], text: '', textBytes: 0, start: undefined, end: undefined };
    const tab = await open('stage-failure', empty, { stages });
    const headings = await tab.$$eval('main h2', (all) => all.map((h) => h.textContent ?? ''));
    expect(headings[0]).toBe('Stage failed: stack');
    const view = tab.locator('#stage-failure');
    expect(await view.locator('pre').textContent()).toContain('[ERROR] /opt/stack/devstack/functions-common:709 git call failed');
    expect(await view.locator('a').getAttribute('href')).toBe('logs/stack.log');
    expect(await tab.locator('#stages tr').count()).toBe(6);
  });

  it('shows the comparison with a baseline as a table per category', async () => {
    const baseline = await collectResults(parseSubunit(createReadStream(computeServers)));
    const comparison = compareRuns(baseline.tests, distro.tests);
    const current = new Set(distro.tests.map((t) => t.id));
    const missing = baseline.tests.filter((t) => !current.has(t.id)).map((t) => t.id);
    expect(comparison.newFailures.length).toBeGreaterThan(0);
    expect(comparison.newlySkipped.length + missing.length).toBeGreaterThan(0);
    const tab = await open('comparison', distro, { comparison: { baseline: 'reports/compute-servers', ...comparison, missing } });
    expect(await tab.textContent('#comparison h2')).toBe('Compared with reports/compute-servers');
    const rows = (category: string) => tab.locator(`#comparison table.comparison[data-category="${category}"] tr`);
    for (const [category, ids] of [['New failures', comparison.newFailures], ['Newly skipped', comparison.newlySkipped], ['Missing from this run', missing]] as const) {
      if (!ids.length) continue;
      expect(await rows(category).count(), category).toBe(ids.length + 1);
    }
    // A test of this run opens from the table.
    await rows('New failures').nth(1).locator('a').click();
    expect(await tab.textContent('dialog#test-view h2')).toContain(comparison.newFailures[0]);
  });

  it('shows the environment: profile, image, engine, versions, the masked local.conf, links to the folder', async () => {
    const localConf = readFileSync(join(fixtures, 'localconf', 'golden', 'distro.conf'), 'utf8');
    const tab = await open('environment', distro, {
      environment: { profile: 'distro', imageId: 'sha256:4e18453b1b4d', engine: 'unix:///var/run/docker.sock', localConf, packages: ['keystone 2:22.0.0-2', 'python3-nova 2:26.1.1-1'] },
      logs: ['logs/nova/nova-api.log', 'config/nova.conf'],
    });
    const env = tab.locator('#environment');
    expect(await env.locator('table.facts').textContent()).toMatch(/profile\s*distro.*image\s*sha256:4e18453b1b4d.*engine\s*unix:\/\/\/var\/run\/docker\.sock/s);
    expect(await env.locator('table.packages').textContent()).toContain('python3-nova2:26.1.1-1');
    expect(await env.locator('pre.local-conf').textContent()).toBe(localConf);
    const links = await env.locator('a').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['logs/', 'config/', 'manifest.json', 'junit.xml', 'logs/nova/nova-api.log', 'config/nova.conf']));
  });

  it('draws a timeline with a time axis, a legend and a lane per worker; a bar opens its test', async () => {
    const tab = await open('timeline', distro);
    await tab.locator('#timeline').scrollIntoViewIfNeeded();
    const lanes = tab.locator('#timeline svg');
    await expect.poll(() => lanes.count()).toBe(2);
    expect(await tab.locator('#timeline .lane-name').allTextContents()).toEqual(['worker-0', 'worker-1']);
    const ticks = await tab.locator('#timeline .axis span').allTextContents();
    expect(ticks[0]).toBe('0:00');
    expect(ticks.length).toBeGreaterThan(3);
    expect(await tab.locator('#timeline .legend').textContent()).toMatch(/failed.*passed.*skipped/);
    const failed = tab.locator('#timeline rect.s-failed').first();
    const index = Number(await failed.getAttribute('data-test'));
    await failed.click({ force: true });
    expect(await tab.locator('dialog#test-view').isVisible()).toBe(true);
    expect(await tab.locator('dialog#test-view pre.traceback').textContent()).toMatch(/Traceback/);
    expect(index).toBeGreaterThanOrEqual(0);
  });

  it('fits a 400 px viewport without horizontal overflow, a failure and a test open', async () => {
    const tab = await open('narrow', distro, { verdictBlock: verdictOf(distro), environment: { profile: 'distro', localConf: readFileSync(join(fixtures, 'localconf', 'golden', 'distro.conf'), 'utf8') } }, 400);
    const overflow = () => tab.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(await overflow()).toBe(0);
    await tab.locator('details.failure summary').last().click();
    expect(await overflow()).toBe(0);
    await tab.locator('#timeline').scrollIntoViewIfNeeded();
    await expect.poll(() => tab.locator('#timeline svg').count()).toBe(2);
    expect(await overflow()).toBe(0);
    await tab.locator('#rows .row.test').first().click();
    const dialog = await tab.locator('dialog#test-view').boundingBox();
    expect((dialog?.x ?? -1) >= 0 && (dialog?.x ?? 0) + (dialog?.width ?? 999) <= 400).toBe(true);
  });

  it('opens a 10,000-test run with only the rows in sight, and filters it', async () => {
    const packets: SubunitEvent[] = [];
    for await (const packet of parseSubunit(createReadStream(distroFull).pipe(createGunzip()))) if (packet.kind === 'event') packets.push(packet);
    const span = (distro.end ?? 0) - (distro.start ?? 0);
    async function* copies(): AsyncGenerator<Buffer> {
      for (let copy = 0; copy < 12; copy++) yield* copyOfStream(packets, copy, span);
    }
    const large = await collectResults(parseSubunit(copies()));
    const tests = large.tests.filter((t) => !t.fixture).length;
    expect(tests).toBeGreaterThanOrEqual(10_000);
    const tab = await open('large', large);
    expect(await listCount(tab)).toBeGreaterThanOrEqual(10_000);
    expect(await tab.locator('#rows .row').count()).toBeLessThan(80);
    // Each copy's modules are renamed: `…test_extensions_copy7.ExtensionsTestJSON…`.
    await tab.fill('#search', '_copy7.');
    await tab.click('#status-filters [data-status="failed"]');
    await expect.poll(() => listCount(tab)).toBe(6);
    await tab.fill('#search', 'test_list_show_extensions');
    await expect.poll(() => listCount(tab)).toBe(12);
    await tab.fill('#search', '');
    await expect.poll(() => listCount(tab)).toBe(72);
    // Scrolled to the end, the last rows are drawn.
    await tab.click('#status-filters [data-status="failed"]');
    await tab.locator('#rows').evaluate((rows) => rows.scrollTo(0, rows.scrollHeight));
    const end = () => tab.locator('#rows .spacer').evaluate((spacer) => {
      const last = spacer.lastElementChild;
      return last ? Math.round(last.getBoundingClientRect().bottom - spacer.getBoundingClientRect().bottom) : NaN;
    });
    await expect.poll(end).toBe(0);
  });
});

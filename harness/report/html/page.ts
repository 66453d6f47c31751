// index.html: one self-contained page, no network. The server side writes the frame (title,
// verdict, totals, the sections' places) and the run as compact JSON; the page's script
// (report.js) draws the failures, the filterable list of every test, the comparison, the
// timeline and the environment from that JSON. Written as pieces (`writeFile` takes the
// iterable): a large run's data is megabytes and is never held as one string.
import type { RunResults } from '../../results/model.ts';
import { pageAssets } from './assets.ts';
import { escapeHtml, scriptJson } from './embed.ts';
import type { HtmlOptions } from './html-options.ts';
import { markdownLite } from './markdown-lite.ts';
import { pageData, type PageData } from './page-data.ts';
import { damageSection, failuresWithoutScript } from './without-script.ts';

/** Rows per piece of the embedded data. */
const ROWS_PER_PIECE = 2000;

export function* renderHtmlPieces(results: RunResults, options: HtmlOptions): Generator<string> {
  const { style, script } = pageAssets();
  const data = pageData(results, options);
  const verdict = options.verdictBlock;
  yield [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title><style>${style}</style></head><body>`,
    `<header><h1>${escapeHtml(options.title)}</h1>`,
    verdict ? `<div id="verdict" class="${/Verdict: PASSED/.test(verdict) ? 'passed' : 'failed'}">${markdownLite(verdict)}</div>` : '',
    `<p id="totals">${totalsLine(data, results.tests.filter((test) => test.status === 'damaged').length)}</p>${damageSection(results)}<nav id="toc"></nav></header>`,
    '<main id="report"><p id="loading">Loading the report…</p></main>',
    // Sections the page has no structured form of (e.g. from another tool): as text.
    ...(options.sections ?? []).map((section) => `<pre class="section">${escapeHtml(section)}</pre>`),
    '<dialog id="test-view" aria-labelledby="test-view-title"></dialog>\n',
  ].join('');
  yield* failuresWithoutScript(results, options);
  yield* dataScript(data);
  yield `<script>${script}</script></body></html>\n`;
}

/** The counts line, in the words summary.md uses; failed includes known failures, crashed the damaged tests. */
function totalsLine(data: PageData, damaged: number): string {
  const count = (status: string) => data.tests.reduce((n, row) => (data.statuses[row[2]] === status ? n + 1 : n), 0);
  const totals = {
    total: data.tests.length,
    passed: count('passed') + count('flaky'),
    failed: count('failed') + count('known'),
    skipped: count('skipped'),
    crashed: count('crashed'),
    notRun: count('notrun'),
  };
  const extra = [count('known') && `${count('known')} of them known`, count('flaky') && `${count('flaky')} flaky`].filter(Boolean).join(', ');
  return escapeHtml(
    `${totals.total} tests: ${totals.passed} passed, ${totals.failed} failed${extra ? ` (${extra})` : ''}, ${totals.skipped} skipped, ${totals.crashed} crashed${damaged ? ` (${damaged} of them damaged)` : ''}, ${totals.notRun} not run`,
  );
}

/** The data as JSON, the rows and details written a piece at a time. */
function* dataScript(data: PageData): Generator<string> {
  const { tests, details, ...rest } = data;
  yield `<script type="application/json" id="report-data">${scriptJson(rest).slice(0, -1)},"tests":[`;
  for (let i = 0; i < tests.length; i += ROWS_PER_PIECE) yield `${i ? ',' : ''}${scriptJson(tests.slice(i, i + ROWS_PER_PIECE)).slice(1, -1)}`;
  yield '],"details":[';
  for (let i = 0; i < details.length; i++) yield `${i ? ',' : ''}${scriptJson(details[i])}`;
  yield ']}</script>\n';
}

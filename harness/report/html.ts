// index.html: one self-contained page (no scripts from anywhere, works offline): the verdict,
// failures first with their tracebacks folded, a per-worker timeline, the slowest tests, the
// stage timings and links to the logs.
import type { StageOutcome } from '../run/stages.ts';
import { reportableTests, totalsOf } from '../results/collect.ts';
import type { RunResults, TestResult } from '../results/model.ts';
import { knownFailureNote, type KnownFailure } from '../selection/known-failures.ts';
import { damageMessage } from './damage-line.ts';
import { failureOf } from './failure-line.ts';
import { isFailing } from '../results/test-status.ts';

export interface HtmlOptions {
  readonly title: string;
  readonly verdictBlock?: string;
  readonly stages?: readonly StageOutcome[];
  readonly logs?: readonly string[];
  /** Markdown sections from the summary (a comparison with a baseline), shown as text. */
  readonly sections?: readonly string[];
  /** Failures the verdict does not count, by test id: marked in the failure list. */
  readonly knownFailures?: ReadonlyMap<string, KnownFailure>;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}
.fail{color:#b00020}.pass{color:#1b5e20}.skip{color:#777}details{margin:4px 0}summary{cursor:pointer}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:30em}
.lane{position:relative;height:14px;background:#f0f0f0;margin:2px 0}.bar{position:absolute;height:14px}
.bar.success,.bar.xfail{background:#81c784}.bar.fail,.bar.uxsuccess,.bar.crashed,.bar.damaged{background:#e57373}.bar.skip{background:#bdbdbd}.known{color:#8a6d00;font-weight:bold}`;

export function renderHtmlReport(results: RunResults, options: HtmlOptions): string {
  return [...renderHtmlPieces(results, options)].join('');
}

/**
 * The page as pieces in order, made as they are asked for (`writeFile` takes the iterable): a
 * large run's timeline alone is megabytes, never held whole.
 */
export function* renderHtmlPieces(results: RunResults, options: HtmlOptions): Generator<string> {
  const tests = reportableTests(results.tests);
  const totals = totalsOf(tests);
  const failures = tests.filter((t) => isFailing(t.status));
  const parts: string[] = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(options.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(options.title)}</h1>`,
  ];
  // Written out before the timeline, which is most of the page.
  const flush = function* (): Generator<string> {
    if (parts.length) yield `${parts.join('\n')}\n`;
    parts.length = 0;
  };
  if (options.verdictBlock) parts.push(`<div id="verdict">${markdownLite(options.verdictBlock)}</div>`);
  parts.push(
    `<p id="totals">${totals.total} tests: <span class="pass">${totals.passed} passed</span>, <span class="fail">${totals.failed} failed</span>, <span class="skip">${totals.skipped} skipped</span>, ${totals.crashed} crashed, ${totals.notRun} not run, ${totals.damaged} damaged</p>`,
  );
  const stretches = results.damage ?? [];
  if (stretches.length) {
    parts.push(`<h2 class="fail">Damaged input (${results.damageCount ?? stretches.length} stretch(es), ${results.textBytes} bytes)</h2><ul id="damage">`);
    for (const stretch of stretches) parts.push(`<li>${esc(damageMessage(stretch))}${stretch.testIds.length ? `; named ${esc(stretch.testIds.join(', '))}` : ''}</li>`);
    parts.push('</ul>');
  }
  const knownCount = failures.filter((test) => options.knownFailures?.has(test.id)).length;
  parts.push(`<h2>Failures (${failures.length}${knownCount ? `, ${knownCount} of them known, not counted` : ''})</h2>`);
  if (!failures.length) parts.push('<p>None.</p>');
  for (const test of failures) {
    const traceback = test.attachments.find((a) => a.name === 'traceback')?.text ?? test.reason ?? '';
    const { type, message } = failureOf(traceback);
    const known = options.knownFailures?.get(test.id);
    const note = known ? `<span class="known">${esc(knownFailureNote(known))}</span>: ` : '';
    parts.push(`<details class="failure${known ? ' known-failure' : ''}"><summary class="fail">${esc(test.id)}: ${note}${esc(type)}: ${esc(message.length > 300 ? `${message.slice(0, 300)}…` : message)}</summary><pre>${esc(traceback)}</pre></details>`);
  }
  yield* flush();
  yield* timeline(tests, results);
  const slowest = tests.filter((t) => t.start !== undefined && t.end !== undefined).sort((a, b) => duration(b) - duration(a)).slice(0, 15);
  if (slowest.length) {
    parts.push('<h2>Slowest tests</h2><table><tr><th>seconds</th><th>test</th></tr>');
    for (const test of slowest) parts.push(`<tr><td>${(duration(test) / 1000).toFixed(2)}</td><td>${esc(test.id)}</td></tr>`);
    parts.push('</table>');
  }
  if (options.stages?.length) {
    parts.push('<h2>Stages</h2><table><tr><th>stage</th><th>outcome</th><th>seconds</th></tr>');
    for (const stage of options.stages) {
      const css = stage.status === 'passed' ? 'pass' : stage.status === 'skipped' ? 'skip' : 'fail';
      parts.push(`<tr><td>${esc(stage.name)}</td><td class="${css}">${esc(stage.status)}${stage.message ? `: ${esc(stage.message)}` : ''}</td><td>${(stage.durationMs / 1000).toFixed(1)}</td></tr>`);
    }
    parts.push('</table>');
  }
  for (const section of options.sections ?? []) parts.push(`<pre class="section">${esc(section)}</pre>`);
  if (options.logs?.length) {
    parts.push('<h2>Logs</h2><ul>');
    for (const log of options.logs) parts.push(`<li><a href="${esc(log)}">${esc(log)}</a></li>`);
    parts.push('</ul>');
  }
  parts.push('</body></html>');
  yield* flush();
}

/** Lanes per worker, a bar per test; each lane in pieces of a few hundred bars. */
function* timeline(tests: readonly TestResult[], results: RunResults): Generator<string> {
  const timed = tests.filter((t) => t.start !== undefined && t.end !== undefined);
  if (!timed.length || results.start === undefined || results.end === undefined || results.end <= results.start) return;
  const runStart = results.start;
  const span = results.end - runStart;
  const workers = [...new Set(timed.map((t) => t.worker ?? 'worker-?'))].sort();
  yield `<h2>Timeline (${(span / 1000).toFixed(0)} s)</h2>\n`;
  for (const worker of workers) {
    let piece = `<div>${esc(worker)}</div><div class="lane">`;
    for (const t of timed) {
      if ((t.worker ?? 'worker-?') !== worker) continue;
      const left = (((t.start ?? 0) - runStart) / span) * 100;
      const width = Math.max(0.1, (duration(t) / span) * 100);
      piece += `<div class="bar ${t.status}" style="left:${left.toFixed(3)}%;width:${width.toFixed(3)}%" title="${esc(t.id)} (${(duration(t) / 1000).toFixed(2)} s, ${t.status})"></div>`;
      if (piece.length >= 32 * 1024) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}</div>\n`;
  }
}

function duration(test: TestResult): number {
  return (test.end ?? 0) - (test.start ?? 0);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The verdict block is simple markdown: bold, list items, code spans. */
function markdownLite(markdown: string): string {
  const inline = (text: string) => esc(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<code>$1</code>');
  const items = markdown.split('\n').filter((line) => line.trim());
  const head = items.filter((line) => !line.startsWith('- ')).map((line) => `<p>${inline(line)}</p>`);
  const list = items.filter((line) => line.startsWith('- ')).map((line) => `<li>${inline(line.slice(2))}</li>`);
  return `${head.join('')}${list.length ? `<ul>${list.join('')}</ul>` : ''}`;
}

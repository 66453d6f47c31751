// What index.html says in its frame, before and without its script: the damaged input (it says how
// far to trust every count below it, so it is shown first and always), and, inside <noscript>, the
// failures with their tracebacks, known failures marked as summary.md marks them, for a reader that
// runs no script (a CI server that serves artifacts with scripts blocked). Escaped here, as all the
// page's markup is, through embed.ts.
import { reportableTests } from '../../results/collect.ts';
import type { RunResults } from '../../results/model.ts';
import { isFailing } from '../../results/test-status.ts';
import { damageMessage } from '../damage-line.ts';
import { failureOf } from '../failure-line.ts';
import { escapeHtml } from './embed.ts';
import { knownFailureNote } from '../../selection/known-failures.ts';
import { knownFailureEntries, type HtmlOptions } from './html-options.ts';

/** Failures shown in full without the script; the others are counted (summary.md and junit.xml have them all). */
const MAX_FAILURES = 200;
/** The end of a traceback is what explains it. */
const TRACEBACK_TAIL = 8 * 1024;

export function damageSection(results: RunResults): string {
  const stretches = results.damage ?? [];
  if (!stretches.length) return '';
  const count = results.damageCount ?? stretches.length;
  const items = stretches.map((stretch) => `<li>${escapeHtml(damageMessage(stretch))}${stretch.testIds.length ? `; named ${escapeHtml(stretch.testIds.join(', '))}` : ''}</li>`);
  if (count > stretches.length) items.push(`<li>… and ${count - stretches.length} more</li>`);
  return `<section id="damage"><h2 class="s-failed">Damaged input (${count} stretch(es), ${results.textBytes} bytes)</h2><ul>${items.join('')}</ul></section>`;
}

export function* failuresWithoutScript(results: RunResults, options: HtmlOptions): Generator<string> {
  const known = knownFailureEntries(options.knownFailures);
  const failures = reportableTests(results.tests).filter((test) => isFailing(test.status));
  const knownCount = failures.filter((test) => known.has(test.id)).length;
  yield `<noscript><h2>Failures (${failures.length}${knownCount ? `, ${knownCount} of them known, not counted` : ''})</h2>`;
  if (!failures.length) yield '<p>None.</p>';
  for (const test of failures.slice(0, MAX_FAILURES)) {
    const traceback = test.attachments.find((a) => a.name === 'traceback')?.text ?? test.reason ?? '';
    const { type, message } = failureOf(traceback);
    const entry = known.get(test.id);
    // The mark summary.md and junit.xml give it: the list's reason, link and where it is listed.
    const note = entry === undefined ? '' : `<span class="known">${escapeHtml(typeof entry === 'string' ? `known failure, not counted: ${entry}` : knownFailureNote(entry))}</span>: `;
    const shown = traceback.length > TRACEBACK_TAIL ? `…${traceback.slice(-TRACEBACK_TAIL)}` : traceback;
    yield `<details class="failure${entry === undefined ? '' : ' known-failure'}"><summary>${escapeHtml(test.id)}: ${note}${escapeHtml(type)}: ${escapeHtml(message.length > 300 ? `${message.slice(0, 300)}…` : message)}</summary><pre>${escapeHtml(shown)}</pre></details>`;
  }
  if (failures.length > MAX_FAILURES) yield `<p>… and ${failures.length - MAX_FAILURES} more (summary.md and junit.xml list them all)</p>`;
  yield '</noscript>\n';
}

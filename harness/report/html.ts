// index.html: one self-contained page (no scripts from anywhere, works offline). The page itself
// is made under html/ (its data model, frame, stylesheet and script); this is its entry point.
import type { RunResults } from '../results/model.ts';
import type { HtmlOptions } from './html/html-options.ts';
import { renderHtmlPieces } from './html/page.ts';

export type { HtmlOptions } from './html/html-options.ts';
export { renderHtmlPieces };

export function renderHtmlReport(results: RunResults, options: HtmlOptions): string {
  return [...renderHtmlPieces(results, options)].join('');
}

// The verdict block is the little Markdown summary.md has (bold, list items, code spans): enough of
// it, escaped first, to show it as HTML.
import { escapeHtml } from './embed.ts';

export function markdownLite(markdown: string): string {
  const inline = (text: string) => escapeHtml(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<code>$1</code>');
  const items = markdown.split('\n').filter((line) => line.trim());
  const head = items.filter((line) => !line.startsWith('- ')).map((line) => `<p>${inline(line)}</p>`);
  const list = items.filter((line) => line.startsWith('- ')).map((line) => `<li>${inline(line.slice(2))}</li>`);
  return `${head.join('')}${list.length ? `<ul>${list.join('')}</ul>` : ''}`;
}

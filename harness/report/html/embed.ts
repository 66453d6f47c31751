// The one place where the page's raw strings become markup: text escaped for HTML, and data as
// JSON inside <script type="application/json">, where `<` is escaped so that nothing in a test's
// output (`</script>`, `<!--`) can end the script element early. The page's script reads that
// JSON and puts it into the document as text, never as markup.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON for the inside of a <script type="application/json"> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

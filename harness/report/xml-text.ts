// Text made safe for XML 1.0: no ANSI escapes, no characters XML forbids (controls, U+FFFE/F,
// lone surrogates), which a traceback or a captured log can contain.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(ANSI, '').replace(FORBIDDEN, '');
}

/** The last `max` characters, with a note of what was cut. */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `[… ${text.length - max} characters cut; the full text is in the subunit stream]\n${text.slice(text.length - max)}`;
}

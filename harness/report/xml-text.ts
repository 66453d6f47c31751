// Text made safe for XML 1.0: no ANSI escapes, no characters XML forbids (controls, U+FFFE/F,
// lone surrogates), which a traceback or a captured log can contain.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// In an attribute value `&`, `<` and the quote are markup; tab, newline and carriage return would
// be read back as spaces (attribute-value normalisation), so they are written as references. `>`
// is legal there and left as is, as junit-report-builder wrote it. Forbidden characters are
// dropped in the same pass.
const ATTRIBUTE_SPECIAL = new RegExp(`[&<"\\t\\n\\r]|${FORBIDDEN.source}`, 'g');
const REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
// Quick tests that let most text through untouched: a plain character class is far cheaper to
// scan than the exact expressions (with their lookarounds) above. Any surrogate or control
// character (an ANSI escape starts with one) sends the text the exact way, which keeps what is valid.
// eslint-disable-next-line no-control-regex
const MAYBE_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const MAYBE_SPECIAL_IN_ATTRIBUTE = /[&<"\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlSafe(text: string): string {
  return MAYBE_UNSAFE.test(text) ? text.replace(ANSI, '').replace(FORBIDDEN, '') : text;
}

/** The last `max` characters, with a note of what was cut. */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `[… ${text.length - max} characters cut; the full text is in the subunit stream]\n${text.slice(text.length - max)}`;
}

/** Any text as the content of a double-quoted attribute value. */
export function attributeValue(text: string): string {
  return MAYBE_SPECIAL_IN_ATTRIBUTE.test(text) ? text.replace(ATTRIBUTE_SPECIAL, (special) => REFERENCES[special] ?? '') : text;
}

/**
 * Text already made `xmlSafe` as a CDATA section. A section cannot hold `]]>`, so each one ends the
 * section after `]]` and opens another for the `>`: a reader joins them back into the same text.
 */
export function cdataSection(safeText: string): string {
  return `<![CDATA[${safeText.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

// Text that comes from files or the engine (a manifest's fields, a folder's name, a parser's
// message quoting damaged bytes) shown on a terminal: its control characters would drive the
// terminal (clear it, move the cursor, restyle what follows) or start lines of their own.
/** `text` with each C0 or C1 control character, DEL and U+FFFD shown as `?`. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
}

// Just enough of bash's quoting rules to tell what a localrc assignment's value is, and whether
// sourcing it would do more than assign: run a command, or swallow the next lines.
export type ShellValueProblem = 'command-substitution' | 'unterminated-quote' | 'newline';

export interface ShellValueScan {
  /** The value bash assigns, when it contains no expansion; undefined when it does ($VAR). */
  readonly literal: string | undefined;
  readonly problem: ShellValueProblem | undefined;
}

/** Scans the right-hand side of `NAME=rhs` up to an unquoted blank or `;` / `#` starting a word. */
export function scanShellValue(rhs: string): ShellValueScan {
  let literal = '';
  let expands = false;
  let i = 0;
  while (i < rhs.length) {
    const c = rhs[i] as string;
    if (c === '\n') return { literal: undefined, problem: 'newline' };
    if (c === ' ' || c === '\t' || c === ';') break;
    if (c === '`') return { literal: undefined, problem: 'command-substitution' };
    if (c === '\\') {
      literal += rhs[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = rhs.indexOf("'", i + 1);
      if (end === -1) return { literal: undefined, problem: 'unterminated-quote' };
      literal += rhs.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i += 1;
      let closed = false;
      while (i < rhs.length) {
        const d = rhs[i] as string;
        if (d === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (d === '`' || (d === '$' && rhs[i + 1] === '(')) return { literal: undefined, problem: 'command-substitution' };
        if (d === '$') expands = true;
        if (d === '\\' && /["\\$`\n]/.test(rhs[i + 1] ?? '')) {
          literal += rhs[i + 1];
          i += 2;
          continue;
        }
        literal += d;
        i += 1;
      }
      if (!closed) return { literal: undefined, problem: 'unterminated-quote' };
      continue;
    }
    if (c === '$') {
      if (rhs[i + 1] === '(') return { literal: undefined, problem: 'command-substitution' };
      expands = true;
    }
    literal += c;
    i += 1;
  }
  return { literal: expands ? undefined : literal, problem: undefined };
}

const BARE_SAFE = /^[A-Za-z0-9_./:,@%+=-]*$/;

/** A value as bash source that assigns exactly `value`: bare when safe, else single-quoted. */
export function quoteShellValue(value: string): string {
  if (value !== '' && BARE_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

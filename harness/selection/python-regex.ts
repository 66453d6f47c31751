// Python's `re` syntax, translated to an equivalent JavaScript RegExp (with the `u` flag), or
// refused with the reason when JavaScript cannot express it. Never read silently differently:
// stestr matches filter lines with Python's re.search, so ours must select the very same ids.
export class PythonRegexError extends Error {}

// A backreference to a group that did not take part fails in Python and matches the empty string
// in JavaScript: `(?P<x>a)|(?P=x)` would select every test here and almost none in stestr.
const BACKREFERENCE = 'backreferences ((?P=name), \\1) match differently in JavaScript when their group did not take part';

// Python 3's str patterns are Unicode-aware: \d is any decimal digit, \w any letter or digit.
const WORD = '[\\p{L}\\p{N}_]';
const NOT_WORD = '[^\\p{L}\\p{N}_]';
const WORD_CLASS_BODY = '\\p{L}\\p{N}_';
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NOT_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;
// Python's \s: [ \t\n\r\f\v] plus Unicode spaces and \x1c-\x1f; JavaScript's \s has \ufeff too.
const SPACE_BODY = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\p{Z}';

export function translatePythonRegex(pattern: string): RegExp {
  let flags = 'u';
  let source = pattern;
  const leading = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (leading) {
    for (const flag of leading[1] ?? '') {
      if (flag === 'i' || flag === 'm' || flag === 's') flags += flags.includes(flag) ? '' : flag;
      else if (flag === 'u') continue;
      else throw new PythonRegexError(`the inline flag (?${flag}) has no JavaScript equivalent`);
    }
    source = source.slice(leading[0].length);
  }
  const out: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '\\') {
      if (next === undefined) throw new PythonRegexError('the pattern ends with a lone backslash');
      out.push(translateEscape(next, source, i, inClass));
      if (next === 'U') i += 8;
      else i += 1;
      continue;
    }
    if (inClass) {
      if (c === ']' && out.at(-1) !== '[' && out.at(-1) !== '[^') inClass = false;
      out.push(c === '[' ? '\\[' : c);
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        if (next === '^') {
          out.push('[^');
          i += 1;
        } else out.push('[');
        // Python takes a `]` right after `[` or `[^` as a literal.
        if (source[i + 1] === ']') {
          out.push('\\]');
          i += 1;
        }
        break;
      case '(':
        i = translateGroup(source, i, out);
        break;
      case '$':
        // Python's $ also matches before a newline at the end of the string.
        out.push(flags.includes('m') ? '$' : '(?=\\n?$)');
        break;
      case '{': {
        const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(source.slice(i));
        if (quantifier && (quantifier[1] || quantifier[3])) {
          const [whole, min = '', comma = '', max = ''] = quantifier;
          out.push(`{${min || (comma ? '0' : '')}${comma}${max}}`);
          i += whole.length - 1;
          checkPossessive(source, i);
        } else out.push('\\{');
        break;
      }
      case '}':
        out.push('\\}');
        break;
      case ']':
        out.push('\\]');
        break;
      case '*':
      case '+':
      case '?':
        out.push(c);
        if (c !== '?' || !/[*+?}]/.test(source[i - 1] ?? '')) checkPossessive(source, i);
        break;
      default:
        out.push(c);
    }
  }
  if (inClass) throw new PythonRegexError('unterminated character set [');
  try {
    return new RegExp(out.join(''), flags);
  } catch (error) {
    throw new PythonRegexError(error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error));
  }
}

function checkPossessive(source: string, at: number): void {
  if (source[at + 1] === '+') throw new PythonRegexError('possessive quantifiers (*+, ++, ?+, {m,n}+) have no JavaScript equivalent');
}

function translateEscape(letter: string, source: string, at: number, inClass: boolean): string {
  switch (letter) {
    case 'd':
      return inClass ? '\\p{Nd}' : '\\p{Nd}';
    case 'D':
      return '\\P{Nd}';
    case 'w':
      return inClass ? WORD_CLASS_BODY : WORD;
    case 'W':
      if (inClass) throw new PythonRegexError('\\W inside a character set has no exact JavaScript equivalent');
      return NOT_WORD;
    case 's':
      return inClass ? SPACE_BODY : `[${SPACE_BODY}]`;
    case 'S':
      if (inClass) throw new PythonRegexError('\\S inside a character set has no exact JavaScript equivalent');
      return `[^${SPACE_BODY}]`;
    case 'b':
      return inClass ? '\\x08' : BOUNDARY;
    case 'B':
      return NOT_BOUNDARY;
    case 'A':
      return '^(?<![\\s\\S])';
    case 'Z':
      return '$(?![\\s\\S])';
    case 'U': {
      const hex = source.slice(at + 2, at + 10);
      if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new PythonRegexError('\\U needs eight hex digits');
      return `\\u{${hex}}`;
    }
    case 'N':
      throw new PythonRegexError('named Unicode escapes (\\N{…}) have no JavaScript equivalent');
    case 'a':
      return '\\x07';
    case '0':
      if (/[0-7]/.test(source[at + 2] ?? '')) throw new PythonRegexError('octal escapes have no JavaScript equivalent under the u flag');
      return '\\0';
    default:
      if (/[1-9]/.test(letter)) throw new PythonRegexError(BACKREFERENCE);
      if (/[A-Za-z]/.test(letter) && !'fnrtvxu'.includes(letter)) throw new PythonRegexError(`bad escape \\${letter}`);
      return /[A-Za-z0-9]/.test(letter) ? `\\${letter}` : `\\${letter}`;
  }
}

/** Translates the group opening at `at`; returns the index of its last consumed character. */
function translateGroup(source: string, at: number, out: string[]): number {
  const rest = source.slice(at);
  let match: RegExpExecArray | null;
  if ((match = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest))) {
    out.push(`(?<${match[1]}>`);
    return at + match[0].length - 1;
  }
  if (/^\(\?P=/.test(rest)) throw new PythonRegexError(BACKREFERENCE);
  if ((match = /^\(\?#[^)]*\)/.exec(rest))) return at + match[0].length - 1;
  if (/^\(\?>/.test(rest)) throw new PythonRegexError('atomic groups (?>…) have no JavaScript equivalent');
  if (/^\(\?\(/.test(rest)) throw new PythonRegexError('conditional groups (?(…)…) have no JavaScript equivalent');
  if (/^\(\?[aiLmsux-]+[:)]/.test(rest)) {
    throw new PythonRegexError('inline flags are only translated at the very start of a pattern (Python itself rejects global flags elsewhere)');
  }
  out.push('(');
  return at;
}

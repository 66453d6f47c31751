// stestr's list files: one regex per line; everything from the first `#` on is a comment (stestr
// splits at the first `#`, even inside a character set); blank lines are skipped. Each regex is
// translated from Python's syntax once, here, with its file and line for any error.
import { UsageError } from '../errors.ts';
import { readTextInput } from '../input-paths.ts';
import { PythonRegexError, translatePythonRegex } from './python-regex.ts';

export interface FilterRule {
  readonly source: string;
  readonly regex: RegExp;
  readonly comment: string | undefined;
  readonly where: string;
}

export interface FilterList {
  readonly path: string;
  readonly rules: readonly FilterRule[];
}

export function parseFilterText(text: string, label: string): FilterList {
  const rules: FilterRule[] = [];
  text.split('\n').forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const source = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (!source) return;
    const where = `${label}:${index + 1}`;
    rules.push({ source, regex: compileRule(source, where), comment: hash === -1 ? undefined : raw.slice(hash + 1).trim() || undefined, where });
  });
  return { path: label, rules };
}

export function loadFilterList(path: string, option = 'filter list'): FilterList {
  return parseFilterText(readTextInput(path, { option, what: 'an stestr filter list' }), path);
}

export function compileRule(source: string, where: string): RegExp {
  try {
    return translatePythonRegex(source);
  } catch (error) {
    if (error instanceof PythonRegexError) throw new UsageError(`regex '${source}': ${error.message}`, { where });
    throw error;
  }
}

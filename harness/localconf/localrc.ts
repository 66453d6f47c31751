// The [[local|localrc]] section as DevStack uses it: a shell fragment that stackrc sources. We
// read what it assigns and which services and plugins it enables, without running it.
import { UsageError } from '../errors.ts';
import { isLocalrc, type LocalConf, type SourceLine } from './model.ts';
import { SHELL_NAME, scanShellValue } from './shell-words.ts';

export type LocalrcStatement =
  | { readonly kind: 'assign'; readonly name: string; readonly rhs: string; readonly value: string | undefined; readonly line: SourceLine }
  | { readonly kind: 'service'; readonly verb: 'enable_service' | 'disable_service' | 'disable_all_services'; readonly services: readonly string[]; readonly line: SourceLine }
  | { readonly kind: 'plugin'; readonly name: string; readonly url: string; readonly ref: string | undefined; readonly line: SourceLine }
  | { readonly kind: 'other'; readonly line: SourceLine };

const ASSIGNMENT = /^\s*(?:export\s+)?([^=\s]+)=(.*)$/;

export function localrcLines(conf: LocalConf): SourceLine[] {
  return conf.sections.filter(isLocalrc).flatMap((section) => section.lines);
}

/** DevStack's .localrc.auto: every [[local|localrc]] block, concatenated. */
export function extractLocalrc(conf: LocalConf): string {
  return `${localrcLines(conf).map((line) => line.text).join('\n')}\n`;
}

export function parseLocalrc(conf: LocalConf): LocalrcStatement[] {
  return localrcLines(conf).map(parseStatement);
}

function parseStatement(line: SourceLine): LocalrcStatement {
  const text = line.text.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'other', line };
  const words = text.split(/\s+/);
  const verb = words[0];
  if (verb === 'enable_service' || verb === 'disable_service' || verb === 'disable_all_services') {
    return { kind: 'service', verb, services: words.slice(1), line };
  }
  if (verb === 'enable_plugin') {
    const [, name, url, ref] = words;
    if (!name || !url) throw new UsageError('enable_plugin needs a NAME and a URL (and optionally a REF)', { where: line.origin });
    return { kind: 'plugin', name, url, ref, line };
  }
  const assignment = ASSIGNMENT.exec(line.text);
  if (assignment) {
    const [, name = '', rhs = ''] = assignment;
    if (!SHELL_NAME.test(name)) {
      throw new UsageError(`'${name}' is not a shell variable name: bash would run this line as a command`, { where: line.origin });
    }
    const scan = scanShellValue(rhs);
    if (scan.problem === 'command-substitution') {
      throw new UsageError(`the value of ${name} runs a command ($(…) or backticks) when DevStack sources localrc`, { where: line.origin });
    }
    if (scan.problem === 'unterminated-quote') {
      throw new UsageError(`the value of ${name} has an unbalanced quote: bash would read the following lines into it`, { where: line.origin });
    }
    return { kind: 'assign', name, rhs, value: scan.literal, line };
  }
  return { kind: 'other', line };
}

/** The last literal value assigned to `name`, as bash would leave it (undefined if it expands). */
export function localrcValue(statements: readonly LocalrcStatement[], name: string): string | undefined {
  let value: string | undefined;
  for (const statement of statements) if (statement.kind === 'assign' && statement.name === name) value = statement.value;
  return value;
}

/**
 * The services the statements leave enabled, from none (the distro stack's start, as its
 * load_localrc reads them): enable_service adds, disable_service removes, disable_all_services
 * clears, in order, as DevStack's functions do.
 */
export function enabledServices(statements: readonly LocalrcStatement[]): ReadonlySet<string> {
  const enabled = new Set<string>();
  for (const statement of statements) {
    if (statement.kind !== 'service') continue;
    if (statement.verb === 'disable_all_services') enabled.clear();
    for (const service of statement.services) {
      if (statement.verb === 'enable_service') enabled.add(service);
      else enabled.delete(service);
    }
  }
  return enabled;
}

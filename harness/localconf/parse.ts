// Parses local.conf text into the model. The parser is lenient where DevStack is (it keeps
// everything); `validate` then says what DevStack would silently do that the user did not mean.
import { UsageError } from '../errors.ts';
import { PHASES, type LocalConf, type MetaSection, type Phase, type SourceLine } from './model.ts';

/** DevStack's own test for a header line: `^\[\[.+\|.*\]\]` at column 0. */
export const HEADER_LIKE = /^\[\[.+\|.*\]\]/;
/** A header DevStack parses as the user meant: no spaces, both parts present. */
const HEADER = /^\[\[([^|\]\s]+)\|([^\]\s]+)\]\]\s*$/;

export function parseLocalConf(text: string, source: string): LocalConf {
  const preamble: SourceLine[] = [];
  const sections: { phase: Phase; file: string; origin: string; lines: SourceLine[] }[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    const origin = `${source}:${index + 1}`;
    if (line.startsWith('[[')) {
      const header = HEADER.exec(line);
      if (!header) {
        const why = HEADER_LIKE.test(line)
          ? 'DevStack ignores a header with spaces in it; write [[phase|file]] with none'
          : 'a meta-section header is [[phase|config-file]]';
        throw new UsageError(`malformed header '${line}': ${why}`, { where: origin });
      }
      const [, phase = '', file = ''] = header;
      if (!(PHASES as readonly string[]).includes(phase)) {
        throw new UsageError(`unknown phase '${phase}' (DevStack knows ${PHASES.join(', ')})`, { where: origin });
      }
      sections.push({ phase: phase as Phase, file, origin, lines: [] });
      return;
    }
    const current = sections.at(-1);
    (current ? current.lines : preamble).push({ text: line, origin });
  });
  return { preamble, sections };
}

export function writeLocalConf(conf: LocalConf): string {
  const out: string[] = conf.preamble.map((line) => line.text);
  for (const section of conf.sections) {
    out.push(`[[${section.phase}|${section.file}]]`, ...section.lines.map((line) => line.text));
  }
  return `${out.join('\n')}\n`;
}

export function sectionsOf(conf: LocalConf, phase: Phase, file?: string): MetaSection[] {
  return conf.sections.filter((s) => s.phase === phase && (file === undefined || s.file === file));
}

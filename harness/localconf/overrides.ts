// The user's layers over a profile: profile < --local-conf FILE < --set / --post-config.
// Overrides replace: a key set again by a later layer takes the earlier one's place (DevStack
// itself would keep both lines and make the option multi-valued).
import { quotedInput, UsageError } from '../errors.ts';
import { readIniEntries } from './ini-entries.ts';
import { parseLocalrc } from './localrc.ts';
import { LOCALRC_FILE, PHASES, isLocalrc, type LocalConf, type MetaSection, type Phase, type SourceLine } from './model.ts';
import { SHELL_NAME, quoteShellValue } from './shell-words.ts';

export interface MetaOverride {
  readonly phase: Phase;
  readonly file: string;
  readonly section: string;
  readonly key: string;
  readonly value: string;
  readonly origin: string;
}

/** `--set KEY=VALUE`: the value is quoted so bash assigns exactly what was typed. */
export function parseSetOption(spec: string): { name: string; value: string } {
  const eq = spec.indexOf('=');
  const name = eq === -1 ? spec : spec.slice(0, eq);
  if (eq === -1) throw new UsageError(`'${spec}' is not KEY=VALUE`, { where: '--set' });
  if (!SHELL_NAME.test(name)) throw new UsageError(`'${name}' is not a shell variable name`, { where: '--set' });
  const value = spec.slice(eq + 1);
  if (value.includes('\n')) throw new UsageError(`the value of ${name} contains a newline`, { where: '--set' });
  return { name, value };
}

const META_SPEC = /^(?:([a-z-]+)\|)?([^:\s]+):([^.\s=]+)\.([^=\s]+)=(.*)$/;

/**
 * `--post-config '$NOVA_CONF:DEFAULT.compute_driver=fake.FakeDriver'`, or another phase with
 * `PHASE|FILE:SECTION.KEY=VALUE`, e.g. `test-config|$TEMPEST_CONFIG:compute.build_timeout=300`.
 */
export function parseMetaOverride(spec: string, option = '--post-config'): MetaOverride {
  const match = META_SPEC.exec(spec);
  // Quoted on one line: a spec with a newline in it would otherwise print as several.
  if (!match) throw new UsageError(`${quotedInput(spec)} is not [PHASE|]FILE:SECTION.KEY=VALUE (e.g. '$NOVA_CONF:DEFAULT.debug=True')`, { where: option });
  const [, phase = 'post-config', file = '', section = '', key = '', value = ''] = match;
  if (!(PHASES as readonly string[]).includes(phase) || phase === 'local') {
    throw new UsageError(`unknown phase '${phase}' (use ${PHASES.filter((p) => p !== 'local').join(', ')})`, { where: option });
  }
  if (/\$\(|`|"|\\|[*?]/.test(value)) {
    throw new UsageError(`the value of ${key} holds characters DevStack would interpret when it merges it ($(, backticks, ", \\, * or ?)`, { where: option });
  }
  return { phase: phase as Phase, file, section, key, value, origin: option };
}

/**
 * The layer's localrc in one pass (a line at a time would copy the section per line: quadratic on
 * a long file): each variable it assigns takes the place of the base's first assignment of it,
 * with the layer's last value, and the base's other assignments of it go; the rest of the layer's
 * lines, and its variables the base did not have, are appended in the layer's order.
 */
export function applyLocalConfFile(base: LocalConf, layer: LocalConf): LocalConf {
  const statements = parseLocalrc(layer);
  const lastOf = new Map<string, SourceLine>();
  for (const statement of statements) if (statement.kind === 'assign') lastOf.set(statement.name, statement.line);
  const placed = new Set<string>();
  const sections = base.sections.map((section) => {
    if (!isLocalrc(section)) return section;
    const lines = section.lines.flatMap((existing) => {
      const name = ASSIGNED_NAME.exec(existing.text)?.[1];
      const line = name === undefined ? undefined : lastOf.get(name);
      if (name === undefined || !line) return [existing];
      if (placed.has(name)) return [];
      placed.add(name);
      return [line];
    });
    return { ...section, lines };
  });
  const appended: SourceLine[] = [];
  for (const statement of statements) {
    if (statement.kind !== 'assign') {
      if (statement.line.text.trim() !== '') appended.push(statement.line);
    } else if (!placed.has(statement.name)) {
      placed.add(statement.name);
      appended.push(lastOf.get(statement.name) ?? statement.line);
    }
  }
  let conf = appendLocalrcLines({ ...base, sections }, appended);
  for (const section of layer.sections) {
    if (section.phase === 'local') continue;
    const { entries } = readIniEntries(section.lines);
    for (const entry of entries) conf = removeMetaKey(conf, section.phase, section.file, entry.section, entry.key);
    conf = { ...conf, sections: [...conf.sections, section] };
  }
  return conf;
}

export function applySet(conf: LocalConf, name: string, value: string): LocalConf {
  return setLocalrcLine(conf, name, { text: `${name}=${quoteShellValue(value)}`, origin: '--set' });
}

/** An option that enables a service (`up --horizon`): `enable_service NAME` at the end of localrc, after what may have disabled it. */
export function applyEnableService(conf: LocalConf, service: string, origin: string): LocalConf {
  return appendLocalrcLines(conf, [{ text: `enable_service ${service}`, origin }]);
}

export function applyMetaOverride(conf: LocalConf, override: MetaOverride): LocalConf {
  const removed = removeMetaKey(conf, override.phase, override.file, override.section, override.key);
  const section: MetaSection = {
    phase: override.phase,
    file: override.file,
    origin: override.origin,
    lines: [
      { text: `[${override.section}]`, origin: override.origin },
      { text: `${override.key} = ${override.value}`, origin: override.origin },
    ],
  };
  return { ...removed, sections: [...removed.sections, section] };
}

function setLocalrcLine(conf: LocalConf, name: string, line: SourceLine): LocalConf {
  const assigns = (text: string) => new RegExp(`^\\s*(?:export\\s+)?${name}=`).test(text);
  let replaced = false;
  const sections = conf.sections.map((section) => {
    if (!isLocalrc(section)) return section;
    const lines = section.lines.flatMap((existing) => {
      if (!assigns(existing.text)) return [existing];
      if (replaced) return [];
      replaced = true;
      return [line];
    });
    return { ...section, lines };
  });
  const updated = { ...conf, sections };
  return replaced ? updated : appendLocalrcLines(updated, [line]);
}

/** The variable a localrc line assigns, as setLocalrcLine matches it. */
const ASSIGNED_NAME = /^\s*(?:export\s+)?([^=\s]+)=/;

function appendLocalrcLines(conf: LocalConf, added: readonly SourceLine[]): LocalConf {
  const first = added[0];
  if (!first) return conf;
  const index = conf.sections.findIndex(isLocalrc);
  if (index === -1) {
    return { ...conf, sections: [{ phase: 'local', file: LOCALRC_FILE, origin: first.origin, lines: [...added] }, ...conf.sections] };
  }
  // Before the section's trailing blank and comment lines: those introduce the next section.
  const sections = conf.sections.map((section, i) => {
    if (i !== index) return section;
    let at = section.lines.length;
    while (at > 0 && /^\s*(#.*)?$/.test(section.lines[at - 1]?.text ?? '')) at -= 1;
    return { ...section, lines: [...section.lines.slice(0, at), ...added, ...section.lines.slice(at)] };
  });
  return { ...conf, sections };
}

/** Drops every line of KEY in [SECTION] of the phase|file sections (and sections left empty). */
function removeMetaKey(conf: LocalConf, phase: Phase, file: string, iniSection: string, key: string): LocalConf {
  const sections = conf.sections.map((section) => {
    if (section.phase !== phase || section.file !== file) return section;
    let current = '';
    const lines = section.lines.filter((line) => {
      if (/^\[.+\]/.test(line.text)) {
        current = (line.text.split(/\s+/)[0] ?? '').replace(/[[\]]/g, '');
        return true;
      }
      if (current !== iniSection || !/^[^ \t#]/.test(line.text)) return true;
      const eq = line.text.indexOf('=');
      return (eq === -1 ? line.text : line.text.slice(0, eq)).trim() !== key;
    });
    return { ...section, lines };
  });
  return { ...conf, sections };
}

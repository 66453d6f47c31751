// How DevStack's merge awk (inc/meta-config, merge_config_file) reads a meta section's lines:
// `[x y]` starts section `x`; lines starting with optional spaces then `#` are comments; only
// lines starting with a non-blank are keys (indented lines are dropped); the key ends at the first
// `=` (a line without one is a key with an empty value).
import type { IniEntry, SourceLine } from './model.ts';

export interface DroppedLine {
  readonly line: SourceLine;
  readonly why: 'indented' | 'no-section';
}

export function readIniEntries(lines: readonly SourceLine[]): { entries: IniEntry[]; dropped: DroppedLine[] } {
  const entries: IniEntry[] = [];
  const dropped: DroppedLine[] = [];
  let section = '';
  for (const line of lines) {
    const text = line.text;
    if (/^\[.+\]/.test(text)) {
      section = (text.split(/\s+/)[0] ?? '').replace(/[[\]]/g, '');
      continue;
    }
    if (/^ *#/.test(text)) continue;
    if (!/^[^ \t]+/.test(text)) {
      if (text.trim() !== '') dropped.push({ line, why: 'indented' });
      continue;
    }
    if (section === '') {
      dropped.push({ line, why: 'no-section' });
      continue;
    }
    const eq = text.indexOf('=');
    const key = (eq === -1 ? text : text.slice(0, eq)).replace(/\s+$/, '');
    const value = eq === -1 ? '' : text.slice(eq + 1).trim();
    entries.push({ section, key, value, hasEquals: eq !== -1, origin: line.origin });
  }
  return { entries, dropped };
}

export type IniOperation =
  | { readonly op: 'iniset' | 'iniadd_literal'; readonly section: string; readonly key: string; readonly value: string }
  | { readonly op: 'inidelete'; readonly section: string; readonly key: string };

/**
 * The operations merge_config_file emits for one file, in its order: per section, keys in
 * reverse; a key given once is `iniset`; a key given n times is `inidelete`, `iniset` of the last
 * value, then `iniadd_literal` of the others from the second-to-last back to the first (each is
 * inserted right after the section header, so the file ends up in local.conf's order).
 */
export function mergeOperations(entries: readonly IniEntry[]): IniOperation[] {
  // DevStack's awk starts a new section group whenever the section differs from the previous
  // line's, and a key belongs to the group it first appeared in; values collect per key.
  const groups: { section: string; keys: string[] }[] = [];
  const values = new Map<string, string[]>();
  for (const entry of entries) {
    if (groups.at(-1)?.section !== entry.section) groups.push({ section: entry.section, keys: [] });
    const id = `${entry.section}\0${entry.key}`;
    if (!values.has(id)) {
      values.set(id, []);
      groups.at(-1)?.keys.push(entry.key);
    }
    values.get(id)?.push(entry.value);
  }
  const ops: IniOperation[] = [];
  for (const { section, keys } of groups) {
    for (const key of [...keys].reverse()) {
      const all = values.get(`${section}\0${key}`) ?? [];
      if (all.length === 1) {
        ops.push({ op: 'iniset', section, key, value: all[0] ?? '' });
        continue;
      }
      ops.push({ op: 'inidelete', section, key });
      ops.push({ op: 'iniset', section, key, value: all.at(-1) ?? '' });
      for (let i = all.length - 2; i >= 0; i--) ops.push({ op: 'iniadd_literal', section, key, value: all[i] ?? '' });
    }
  }
  return ops;
}

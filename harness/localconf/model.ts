// The typed model of DevStack's local.conf: an ordered list of meta sections `[[phase|file]]`,
// each keeping its lines as written, so that writing a parsed file gives back the same text.
export const PHASES = ['local', 'post-config', 'extra', 'post-extra', 'test-config'] as const;
export type Phase = (typeof PHASES)[number];

export interface SourceLine {
  readonly text: string;
  /** Where the line came from, for messages: `localrc/distro.conf:12`, `--set`, `--post-config`. */
  readonly origin: string;
}

export interface MetaSection {
  readonly phase: Phase;
  /** The header's file part as written: `$NOVA_CONF`, `/$Q_PLUGIN_CONF_FILE`, `localrc`. */
  readonly file: string;
  readonly origin: string;
  readonly lines: readonly SourceLine[];
}

export interface LocalConf {
  /** Lines before the first header (DevStack ignores them); kept for round trips. */
  readonly preamble: readonly SourceLine[];
  readonly sections: readonly MetaSection[];
}

export const LOCALRC_FILE = 'localrc';

export function isLocalrc(section: MetaSection): boolean {
  return section.phase === 'local' && section.file === LOCALRC_FILE;
}

/** One key line of an ini-style meta section, as DevStack's merge awk reads it. */
export interface IniEntry {
  readonly section: string;
  readonly key: string;
  readonly value: string;
  /** False for a bare word, which DevStack writes as `key =`. */
  readonly hasEquals: boolean;
  readonly origin: string;
}

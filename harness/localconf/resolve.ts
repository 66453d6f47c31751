// The local.conf a gate writes: the profile's file, then the user's layers, validated. Everything
// here is pure but for reading the profile and --local-conf files.
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import type { Profile } from '../plan/profiles.ts';
import type { LocalConf } from './model.ts';
import { applyLocalConfFile, applyMetaOverride, applySet, parseMetaOverride, parseSetOption } from './overrides.ts';
import { parseLocalConf, writeLocalConf } from './parse.ts';
import { validateLocalConf, type Warning } from './validate.ts';

export interface LocalConfLayers {
  readonly localConfFile?: string;
  readonly sets?: readonly string[];
  readonly postConfigs?: readonly string[];
  readonly allowVirtDrivers?: readonly string[];
  /** Generated per run; a --set of the same name wins. */
  readonly passwords?: Readonly<Record<string, string>>;
}

export interface ResolvedLocalConf {
  readonly conf: LocalConf;
  readonly text: string;
  readonly warnings: readonly Warning[];
}

export function readLocalConfFile(path: string, label = path): LocalConf {
  if (!existsSync(path)) throw new UsageError(`${label} does not exist`, { where: '--local-conf' });
  return parseLocalConf(readFileSync(path, 'utf8'), label);
}

export function resolveLocalConf(profile: Profile, layers: LocalConfLayers = {}): ResolvedLocalConf {
  let conf = readLocalConfFile(profile.localConfPath, `localrc/${profile.name}.conf`);
  const sets = (layers.sets ?? []).map(parseSetOption);
  const userSet = new Set(sets.map((set) => set.name));
  for (const [name, value] of Object.entries(layers.passwords ?? {})) if (!userSet.has(name)) conf = applySet(conf, name, value);
  if (layers.localConfFile) conf = applyLocalConfFile(conf, readLocalConfFile(layers.localConfFile));
  for (const { name, value } of sets) conf = applySet(conf, name, value);
  for (const spec of layers.postConfigs ?? []) conf = applyMetaOverride(conf, parseMetaOverride(spec));
  const warnings = validateLocalConf(conf, { allowVirtDrivers: layers.allowVirtDrivers ?? [], ...(profile.virtDrivers ? { stackVirtDrivers: profile.virtDrivers } : {}) });
  return { conf, text: writeLocalConf(conf), warnings };
}

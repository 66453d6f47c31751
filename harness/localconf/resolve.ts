// The local.conf a gate writes: the profile's file, then the user's layers, validated. Everything
// here is pure but for reading the profile and --local-conf files.
import { MAX_TEXT_INPUT_BYTES, readTextInput } from '../input-paths.ts';
import type { LocalConf } from './model.ts';
import { applyEnableService, applyLocalConfFile, applyMetaOverride, applySet, parseMetaOverride, parseSetOption } from './overrides.ts';
import { parseLocalConf, writeLocalConf } from './parse.ts';
import { validateLocalConf, type Warning } from './validate.ts';

/** Where a profile's own local.conf is: the base the layers go on. */
export interface LocalConfBase {
  readonly name: string;
  readonly localConfPath: string;
  /** The VIRT_DRIVERs the profile's stack sets up itself; undefined: whatever DevStack knows. */
  readonly stackVirtDrivers?: readonly string[] | undefined;
}

export interface LocalConfLayers {
  readonly localConfFile?: string;
  readonly sets?: readonly string[];
  readonly postConfigs?: readonly string[];
  readonly allowVirtDrivers?: readonly string[];
  /** Services a command-line option enables (`up --horizon`), each with that option as its origin. */
  readonly enableServices?: readonly { readonly service: string; readonly option: string }[];
  /** Generated per run; a --set of the same name wins. */
  readonly passwords?: Readonly<Record<string, string>>;
}

export interface ResolvedLocalConf {
  readonly conf: LocalConf;
  readonly text: string;
  readonly warnings: readonly Warning[];
}

export const MAX_LOCAL_CONF_BYTES = MAX_TEXT_INPUT_BYTES;

/** A regular file of bounded size: a device (/dev/zero) or a FIFO is refused before it is opened. */
export function readLocalConfFile(path: string, label = path): LocalConf {
  return parseLocalConf(readTextInput(path, { option: '--local-conf', what: 'a local.conf file', label }), label);
}

export function resolveLocalConf(profile: LocalConfBase, layers: LocalConfLayers = {}): ResolvedLocalConf {
  let conf = readLocalConfFile(profile.localConfPath, `localrc/${profile.name}.conf`);
  const sets = (layers.sets ?? []).map(parseSetOption);
  const userSet = new Set(sets.map((set) => set.name));
  for (const [name, value] of Object.entries(layers.passwords ?? {})) if (!userSet.has(name)) conf = applySet(conf, name, value);
  if (layers.localConfFile) conf = applyLocalConfFile(conf, readLocalConfFile(layers.localConfFile));
  for (const { service, option } of layers.enableServices ?? []) conf = applyEnableService(conf, service, option);
  for (const { name, value } of sets) conf = applySet(conf, name, value);
  for (const spec of layers.postConfigs ?? []) conf = applyMetaOverride(conf, parseMetaOverride(spec));
  const warnings = validateLocalConf(conf, { allowVirtDrivers: layers.allowVirtDrivers ?? [], ...(profile.stackVirtDrivers ? { stackVirtDrivers: profile.stackVirtDrivers } : {}) });
  return { conf, text: writeLocalConf(conf), warnings };
}

// What DevStack would accept silently but the user almost certainly did not mean. Errors stop
// the gate before anything is built (exit 2); warnings are printed with their place.
import { UsageError } from '../errors.ts';
import { readIniEntries } from './ini-entries.ts';
import { localrcValue, parseLocalrc } from './localrc.ts';
import { isLocalrc, type LocalConf } from './model.ts';

/** The config-file variables DevStack defines (lib/*), which headers may name. */
export const KNOWN_CONFIG_VARIABLES: ReadonlySet<string> = new Set([
  'NOVA_CONF', 'NOVA_CPU_CONF', 'NOVA_API_PASTE_INI', 'NOVA_COND_CONF', 'NOVA_METADATA_UWSGI_CONF',
  'GLANCE_API_CONF', 'GLANCE_API_PASTE_INI', 'GLANCE_CACHE_CONF', 'GLANCE_IMAGE_IMPORT_CONF', 'GLANCE_SWIFT_STORE_CONF',
  'KEYSTONE_CONF', 'PLACEMENT_CONF', 'CINDER_CONF', 'SWIFT_CONF_DIR',
  'NEUTRON_CONF', 'NEUTRON_CORE_PLUGIN_CONF', 'Q_PLUGIN_CONF_FILE', 'Q_DHCP_CONF_FILE', 'Q_L3_CONF_FILE',
  'Q_META_CONF_FILE', 'NEUTRON_METADATA_AGENT_CONF', 'NEUTRON_DHCP_CONF', 'NEUTRON_L3_CONF',
  'TEMPEST_CONFIG', 'HEAT_CONF', 'ZUN_CONF', 'OCTAVIA_CONF',
]);

/** DevStack's lib/nova_plugins/hypervisor-* plus the out-of-tree drivers gates have used. */
export const KNOWN_VIRT_DRIVERS: ReadonlySet<string> = new Set(['libvirt', 'fake', 'ironic', 'openvz', 'docker', 'zun', 'lxd', 'xenserver', 'vsphere', 'hyperv']);

export interface Warning {
  readonly where: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** --allow-virt-driver: the user's own names, accepted as they are. */
  readonly allowVirtDrivers?: readonly string[];
  /** The drivers a profile's own stack sets up (the distro stack: docker, fake). */
  readonly stackVirtDrivers?: readonly string[];
}

export function validateLocalConf(conf: LocalConf, options: ValidateOptions = {}): Warning[] {
  const warnings: Warning[] = [];
  for (const section of conf.sections) {
    if (section.phase === 'local') {
      if (!isLocalrc(section)) warnings.push({ where: section.origin, message: `DevStack ignores [[local|${section.file}]]: only [[local|localrc]] is read` });
      continue;
    }
    checkConfigFile(section.file, section.origin, warnings);
    const { entries, dropped } = readIniEntries(section.lines);
    for (const { line, why } of dropped) {
      warnings.push({
        where: line.origin,
        message: why === 'indented' ? 'DevStack drops indented lines (multi-line values are not supported)' : 'a key before any [section] is dropped',
      });
    }
    for (const entry of entries) {
      // The merge script eval's each operation line: a section or key must be a plain word.
      requirePlainWord('section', entry.section, INI_NAME, entry.origin);
      requirePlainWord('key', entry.key, INI_NAME, entry.origin);
      if (/\$\(|`/.test(entry.value)) {
        throw new UsageError(`the value of ${entry.key} runs a command ($(…) or backticks) when DevStack merges it`, { where: entry.origin });
      }
      if (entry.value.includes('"')) {
        throw new UsageError(`the value of ${entry.key} contains '"': DevStack wraps values in double quotes and eval's them, so the quotes are lost`, { where: entry.origin });
      }
      if (/[*?]/.test(entry.value)) warnings.push({ where: entry.origin, message: `DevStack expands '*' and '?' in ${entry.key}'s value to file names` });
      if (!entry.hasEquals) {
        warnings.push({ where: entry.origin, message: `'${entry.key}' has no '=': DevStack writes it as '${entry.key} =' (an empty value)` });
      }
    }
  }
  const statements = parseLocalrc(conf);
  const driver = localrcValue(statements, 'VIRT_DRIVER');
  if (driver === undefined) return warnings;
  const origin = [...statements].reverse().find((s) => s.kind === 'assign' && s.name === 'VIRT_DRIVER')?.line.origin;
  const where = origin ? { where: origin } : {};
  const allowed = (options.allowVirtDrivers ?? []).includes(driver);
  if (!KNOWN_VIRT_DRIVERS.has(driver) && !allowed) {
    throw new UsageError(`unknown VIRT_DRIVER '${driver}'`, {
      ...where,
      hint: `known: ${[...KNOWN_VIRT_DRIVERS].join(', ')}; if it is your own driver, add --allow-virt-driver ${driver}`,
    });
  }
  const stackDrivers = options.stackVirtDrivers;
  if (stackDrivers && !stackDrivers.includes(driver) && !allowed && !localrcValue(statements, 'DOCKENSTACK_COMPUTE_DRIVER')) {
    throw new UsageError(`VIRT_DRIVER '${driver}' is not one this profile's stack sets up (${stackDrivers.join(', ')})`, {
      ...where,
      hint: `use --set VIRT_DRIVER=${stackDrivers[0]}, or name your driver's class with --set DOCKENSTACK_COMPUTE_DRIVER=module.Class`,
    });
  }
  return warnings;
}

/** Characters of a section or key name that no shell reads specially. */
const INI_NAME = /^[A-Za-z0-9_.:@%+,/-]+$/;
/** Characters of a config file's path (after its variable, if any). */
const PATH_TEXT = /^[A-Za-z0-9_./+@%,-]*$/;

/** A name the merge script's eval must read as itself: shell metacharacters are refused. */
function requirePlainWord(part: string, text: string, allowed: RegExp, origin: string): void {
  if (allowed.test(text)) return;
  const bad = [...text].find((c) => !allowed.test(c)) ?? '';
  throw new UsageError(`the ${part} '${text}' holds ${JSON.stringify(bad)}, which the shell would interpret when DevStack merges it ($(…), backticks, ;, quotes, spaces, globs, …)`, {
    where: origin,
  });
}

function checkConfigFile(file: string, origin: string, warnings: Warning[]): void {
  const variable = /^\/?\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(\})?(.*)$/.exec(file);
  if (!variable) {
    if (!file.startsWith('/')) throw new UsageError(`config file '${file}' is neither a $VARIABLE nor an absolute path`, { where: origin });
    requirePlainWord('file', file, PATH_TEXT, origin);
    return;
  }
  const [, brace, name = '', , rest = ''] = variable;
  requirePlainWord('file', rest, PATH_TEXT, origin);
  if (!KNOWN_CONFIG_VARIABLES.has(name)) {
    throw new UsageError(`unknown config-file variable $${name}: DevStack would skip this and every later section of the phase`, {
      where: origin,
      hint: `known: ${[...KNOWN_CONFIG_VARIABLES].slice(0, 8).map((v) => `$${v}`).join(', ')}, …`,
    });
  }
  if (brace) warnings.push({ where: origin, message: `write $${name}, not \${${name}}: DevStack matches headers as literal text, and its own lookups use $${name}` });
  if (name === 'Q_PLUGIN_CONF_FILE' && !file.startsWith('/')) {
    warnings.push({ where: origin, message: '$Q_PLUGIN_CONF_FILE is relative: DevStack documents [[post-config|/$Q_PLUGIN_CONF_FILE]]' });
  }
}

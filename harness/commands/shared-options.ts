// Options that several commands share, declared once so their help reads the same everywhere.
import type { Command } from 'commander';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function localConfOptions(command: Command): Command {
  return command
    .option('--local-conf <file>', "a local.conf whose settings override the profile's")
    .option('--set <KEY=VALUE>', 'set a [[local|localrc]] variable (quoted for you; repeatable)', collect, [])
    .option(
      '--post-config <spec>',
      "set a config option: '[PHASE|]FILE:SECTION.KEY=VALUE', e.g. '$NOVA_CONF:DEFAULT.debug=True' or 'test-config|$TEMPEST_CONFIG:compute.build_timeout=300' (repeatable)",
      collect,
      [],
    )
    .option('--allow-virt-driver <name>', 'accept a VIRT_DRIVER dockenstack does not know (your own driver)', collect, []);
}

// `dockenstack localconf`: prints the local.conf the gate would write, masked as its reports
// mask it (the generated passwords are left out; a given one, or a credential in a URL, is
// masked: this output lands in CI logs as well as any report).
import { Command } from 'commander';
import { parseLocalrc } from '../localconf/localrc.ts';
import { resolveLocalConf } from '../localconf/resolve.ts';
import { maskSecrets, secretsOf } from '../plan/gate-plan.ts';
import { DEFAULT_PROFILE, findProfile } from '../plan/profiles.ts';
import { localConfOptions } from './shared-options.ts';

export function localconfCommand(): Command {
  return localConfOptions(
    new Command('localconf')
      .description("print the local.conf a gate would write: the profile's, then --local-conf, --set and --post-config on top")
      .option('--profile <name>', 'stack profile (distro, devstack, nova-docker)', DEFAULT_PROFILE),
  ).action((options: { profile: string; localConf?: string; set: string[]; postConfig: string[]; allowVirtDriver: string[] }) => {
    const resolved = resolveLocalConf(findProfile(options.profile), {
      ...(options.localConf ? { localConfFile: options.localConf } : {}),
      sets: options.set,
      postConfigs: options.postConfig,
      allowVirtDrivers: options.allowVirtDriver,
    });
    for (const warning of resolved.warnings) console.error(`dockenstack: warning: ${warning.where}: ${warning.message}`);
    process.stdout.write(maskSecrets({ secrets: secretsOf(parseLocalrc(resolved.conf)) }, resolved.text));
  });
}



// --driver-src for the devstack profiles: DevStack's git_clone leaves a plugin's directory
// ($DEST/<plugin>) alone when it already exists and RECLONE is not True, so mounting the
// developer's checkout there makes stack.sh install that tree instead of the pinned one.
import { UsageError } from '../errors.ts';
import type { LocalrcStatement } from '../localconf/localrc.ts';

export interface DriverMount {
  /** The bind mount, host:container. */
  readonly bind: string;
  readonly plugin: string;
  /** localrc settings that keep DevStack from replacing the tree. */
  readonly settings: Readonly<Record<string, string>>;
}

export function driverSourceMount(statements: readonly LocalrcStatement[], hostPath: string, dest = '/opt/stack'): DriverMount {
  const plugin = statements.find((s) => s.kind === 'plugin');
  if (!plugin || plugin.kind !== 'plugin') {
    throw new UsageError('--driver-src with a devstack profile needs an enable_plugin line for the driver in the local.conf', { where: '--driver-src' });
  }
  return { bind: `${hostPath}:${dest}/${plugin.name}`, plugin: plugin.name, settings: { RECLONE: 'False' } };
}

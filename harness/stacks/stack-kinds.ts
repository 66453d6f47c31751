// Every kind of stack a profile can name.
import { DEVSTACK } from './devstack.ts';
import { DISTRO } from './distro.ts';
import type { StackKind, StackKindName } from './stack-kind.ts';

const KINDS: Readonly<Record<StackKindName, StackKind>> = { distro: DISTRO, devstack: DEVSTACK };

export function stackKind(name: StackKindName): StackKind {
  return KINDS[name];
}

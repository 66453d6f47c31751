// Each run gets its own passwords, so a leak into reports/ is findable by value and a report
// never carries a credential that works anywhere else. A user's own value (--set) wins.
import { randomBytes } from 'node:crypto';

export const PASSWORD_VARIABLES = ['ADMIN_PASSWORD', 'DATABASE_PASSWORD', 'RABBIT_PASSWORD', 'SERVICE_PASSWORD'] as const;
export type PasswordVariable = (typeof PASSWORD_VARIABLES)[number];

export function generatePasswords(): Record<PasswordVariable, string> {
  const passwords = {} as Record<PasswordVariable, string>;
  // Hex only: safe unquoted in shell, ini files and URLs.
  for (const name of PASSWORD_VARIABLES) passwords[name] = randomBytes(12).toString('hex');
  return passwords;
}

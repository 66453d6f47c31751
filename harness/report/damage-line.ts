// One line for a stretch of a stream that was not subunit, the same in every report.
import type { Damage } from '../results/model.ts';

export function damageMessage(stretch: Damage): string {
  return `${stretch.size} byte(s) at offset ${stretch.offset} are not subunit (a damaged packet or stray bytes)`;
}

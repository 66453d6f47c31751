// doctor's checks and the one JSON document `doctor --json` prints (schemaVersion 1; README
// "JSON output" documents it, test/unit/cli/json-shapes.test.ts pins its keys).
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
  /** A failed warning does not stop a gate. */
  readonly warning?: boolean;
}

export type CheckStatus = 'ok' | 'warn' | 'fail';

export function statusOf(check: Check): CheckStatus {
  return check.ok ? 'ok' : check.warning ? 'warn' : 'fail';
}

/** Whether a gate can run: no check failed (warnings do not count). */
export function canRunGate(checks: readonly Check[]): boolean {
  return checks.every((check) => statusOf(check) !== 'fail');
}

export interface FixOutcome {
  /** What --fix did, one line each. */
  readonly applied: readonly string[];
  /** What the user must run (not root, or no apt): the exact commands. */
  readonly commands: readonly string[];
  /** Why --fix could not apply them itself; null when it could. */
  readonly blocked: string | null;
}

export interface DoctorDocument {
  readonly schemaVersion: 1;
  readonly canRunGate: boolean;
  readonly checks: readonly { readonly name: string; readonly status: CheckStatus; readonly detail: string; readonly fix: string | null }[];
  /** null without --fix. */
  readonly fix: FixOutcome | null;
}

export function doctorDocument(checks: readonly Check[], fix: FixOutcome | undefined): DoctorDocument {
  return {
    schemaVersion: 1,
    canRunGate: canRunGate(checks) && !fix?.blocked,
    checks: checks.map((check) => ({ name: check.name, status: statusOf(check), detail: check.detail, fix: check.ok ? null : (check.fix ?? null) })),
    fix: fix ?? null,
  };
}

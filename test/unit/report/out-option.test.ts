// Issue 20, Found 5: where reports go is checked before anything runs, and the error names the
// option the user gave.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../../harness/commands/report.ts';
import { UsageError } from '../../../harness/errors.ts';
import { requireReportsDir } from '../../../harness/input-paths.ts';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit');

async function reportError(out: string): Promise<UsageError> {
  try {
    await reportCommand().parseAsync([fixture, '--out', out], { from: 'user' });
  } catch (error) {
    return error as UsageError;
  }
  throw new Error(`report --out ${out} was accepted`);
}

describe('report folders (issue 20, Found 5)', () => {
  it('Found 5: report --out FILE names --out, not --reports', async () => {
    const error = await reportError(fixture);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^--out: .* exists and is not a directory$/);
  });

  it('Found 5: --reports /etc and --out under a system folder are refused, exit 2, one line', async () => {
    expect(() => requireReportsDir('/etc')).toThrow(/^--reports: \/etc is a system folder/);
    expect(() => requireReportsDir('/')).toThrow(UsageError);
    const error = await reportError('/usr/share/x');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^--out: \/usr\/share\/x is a system folder[^\n]*$/);
  });

  it('keeps an ordinary folder, existing or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    expect(requireReportsDir(join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b'));
  });

  // Root writes anywhere a mode forbids, but not into an immutable folder (access(2) answers EPERM
  // there): as root the folder is made immutable, as anyone else read-only.
  it('Found 5: an unwritable --out is one line and exit 2, not a raw EACCES', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readonly-'));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', dir]);
    else chmodSync(dir, 0o500);
    try {
      const error = await reportError(join(dir, 'out'));
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(/^--out: .* is not writable$/);
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', dir]);
    }
  });
});

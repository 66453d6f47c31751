// Issue 20, Found 4: local.conf input is bounded: a device, a FIFO or a huge file is refused with
// one line and exit 2 before anything is read, and a long file is applied in one pass.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/errors.ts';
import { MAX_LOCAL_CONF_BYTES, readLocalConfFile, resolveLocalConf } from '../../../harness/localconf/resolve.ts';
import { findProfile } from '../../../harness/plan/profiles.ts';
import { runCli } from '../../support/run-cli.ts';

function refusal(path: string): UsageError {
  try {
    readLocalConfFile(path);
  } catch (error) {
    return error as UsageError;
  }
  throw new Error(`${path} was read`);
}

describe('local.conf input bounds (issue 20, Found 4)', () => {
  it('Found 4: --local-conf /dev/zero is refused as a device, exit 2, one line', () => {
    const error = refusal('/dev/zero');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('--local-conf: /dev/zero is not a regular file (a device): give a local.conf file');
  });

  it('Found 4: a FIFO is refused at once rather than blocking forever', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'fifo-')), 'local.conf');
    execFileSync('mkfifo', [fifo]);
    // A child process, so that a blocking read fails this test by its timeout instead of hanging the runner.
    const result = await runCli(['localconf', '--profile', 'distro', '--local-conf', fifo], { timeoutMs: 30_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^dockenstack: --local-conf: .* is not a regular file \(a FIFO\)/);
  });

  it('Found 4: a local.conf larger than the cap is refused before it is read', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'big-')), 'local.conf');
    writeFileSync(path, '');
    truncateSync(path, MAX_LOCAL_CONF_BYTES + 1);
    expect(refusal(path).message).toMatch(/is \d+ bytes; a local.conf file is read only up to/);
  });

  it("Found 4: a --local-conf's comments are applied in one pass, in their order (one at a time reversed them)", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'comments-')), 'local.conf');
    const comments = Array.from({ length: 2000 }, (_, i) => `# comment ${i}`);
    writeFileSync(path, `[[local|localrc]]\nA_VARIABLE=1\n${comments.join('\n')}\nA_VARIABLE=2\n`);
    const text = resolveLocalConf(findProfile('distro'), { localConfFile: path }).text;
    const kept = text.split('\n').filter((line) => line.startsWith('# comment '));
    expect(kept).toEqual(comments);
    expect(text.match(/^A_VARIABLE=.*$/gm)).toEqual(['A_VARIABLE=2']);
  });
});

// Property: whatever the secret and whichever shape carries it (issue 20, Found 1), it appears in
// no file of a report folder made by the real `report` and `merge` commands from a stream that
// carries it (tracebacks, logs, skip reasons, damaged bytes), nor in a gate's (or `tempest`'s:
// the same stage) report folder, its stage logs, its collected logs and configs and its copied
// stream, nor in the CI step summary, in any form a reader could recover it from (raw,
// HTML/XML-escaped, JSON-escaped, %-encoded).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../../harness/commands/report.ts';
import { mergeShardReports } from '../../../harness/fleet/merge-shards.ts';
import { writeGateReport } from '../../../harness/gate/gate-report.ts';
import type { GatePlan } from '../../../harness/plan/gate-plan.ts';
import type { ProgressSink } from '../../../harness/progress/progress-sink.ts';
import { createRedactor } from '../../../harness/report/redact.ts';
import { copyRedactedTree } from '../../../harness/report/redact-files.ts';
import { createRunFolder } from '../../../harness/report/run-folder.ts';
import type { StageOutcome } from '../../../harness/run/stages.ts';
import { encodePacket } from '../../support/subunit-encoder.ts';

let seed = 2020;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
/** Characters a value of each shape may hold (where the shape itself can tell where it ends). */
const ALPHABETS = {
  token: `${ALNUM}_-`,
  url: `${ALNUM}%._~-`,
  bare: `${ALNUM}<>!$()*+./:=?[]^{}|~%-`,
  quoted: `${ALNUM}<>&"'\\/ %:=,;{}é€`,
  userinfo: `${ALNUM}/%:<>&"'!$()*+,;=~.-`,
};

function secretOf(alphabet: string): string {
  // A fixed start makes a chance match with the report's own text impossible.
  let secret = 'Zq';
  const length = 6 + Math.floor(random() * 12);
  while (secret.length < length) secret += pick([...alphabet]);
  return secret;
}

/** Each shape as a line that names the credential, with the secret written as that shape writes it. */
const SHAPES: readonly { alphabet: keyof typeof ALPHABETS; line: (secret: string) => string }[] = [
  { alphabet: 'token', line: (s) => `DEBUG req: -H "X-Auth-Token: ${s}" -H "Accept: json"` },
  { alphabet: 'token', line: (s) => `Request headers: {'X-Service-Token': '${s}', 'Accept': 'json'}` },
  { alphabet: 'token', line: (s) => `headers={b'X-Auth-Token': b'${s}', b'Accept': b'json'}` },
  { alphabet: 'url', line: (s) => `GET http://10.0.0.1/identity/v3/auth?token=${s}&nocatalog=1 returned 200` },
  { alphabet: 'bare', line: (s) => `oslo: admin_password=${s} (from tempest.conf)` },
  { alphabet: 'quoted', line: (s) => `Body: {"auth": {"identity": {"password": {"user": {"name": "admin", "password": ${JSON.stringify(s)}}}}}}` },
  { alphabet: 'bare', line: (s) => `running: openstack --os-password ${s} server list` },
  { alphabet: 'quoted', line: (s) => `Body: b'{"server": {"id": "f2", "adminPass": ${JSON.stringify(s)}, "links": []}}'` },
  { alphabet: 'userinfo', line: (s) => `connection = mysql+pymysql://nova:${s.replace(/[@\s]/g, '')}@127.0.0.1/nova_api` },
];

function formsOf(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [...new Set([secret, html, html.replace(/'/g, '&apos;'), JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const quiet: ProgressSink = { stageStarted() {}, stageEnded() {}, line() {}, note() {}, close() {} };

/**
 * A gate's report folder through every writer of one: a stage's log and local.conf (the run
 * folder's), what collect brings out of the stack (service logs, tempest.conf, the stream), and
 * the report stage, with the run's own secrets. Some are told to the run, some only have a shape.
 */
async function gateFolder(work: string, secrets: readonly string[], text: string, stream: Buffer): Promise<string> {
  const told = secrets.filter((_, i) => i % 2 === 0);
  const plan = {
    runId: 'g1', profile: { name: 'distro' }, verdict: { voting: true, threshold: 1, knownFailures: [], baselineDir: undefined, onlyRegressions: false },
    secrets: told, stack: { image: { repository: 'dockenstack-distro', buildArgs: {} } }, shard: undefined,
  } as unknown as GatePlan;
  const redact = createRedactor(told);
  const folder = await createRunFolder(join(work, 'reports'), 'g1', redact);
  await folder.writeText('config/local.conf', `[[local|localrc]]\n${told.map((s, i) => `SECRET_${i}_PASSWORD=${s}`).join('\n')}\n# ${text}\n`);
  const log = folder.openLog('stack.log');
  for (const line of text.split('\n')) log.write(line);
  await log.close();
  const collected = join(work, 'collected');
  mkdirSync(join(collected, 'logs', 'tempest'), { recursive: true });
  mkdirSync(join(collected, 'config'));
  writeFileSync(join(collected, 'logs', 'tempest', 'tempest.log'), `${text}\n${told.join(' ')}\n`);
  writeFileSync(join(collected, 'config', 'tempest.conf'), `[auth]\nadmin_password = ${told[0]}\n`);
  writeFileSync(join(collected, 'tempest.subunit'), stream);
  await copyRedactedTree(collected, folder.root, redact);
  const stages = [{ name: 'stack', status: 'failed', startedAt: new Date(), durationMs: 1, message: text.split('\n')[0] }] as unknown as StageOutcome[];
  await writeGateReport(plan, folder, { stages, selected: undefined, imageId: undefined, engineHost: 'unix:///var/run/docker.sock' }, quiet, redact);
  return folder.root;
}

describe('secrets never leave a run (issue 20, Found 1)', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("Found 1: no generated secret, in any listed shape, appears in a report folder, a merged folder, a gate's folder or the step summary", async () => {
    for (let round = 0; round < 40; round++) {
      const cases = SHAPES.map((shape) => {
        const secret = secretOf(ALPHABETS[shape.alphabet]);
        return { secret, line: shape.line(secret) };
      });
      const text = cases.map((c) => c.line).join('\n');
      const stream = Buffer.concat([
        encodePacket({ testId: 'tempest.api.T.test_fails', status: 2 }),
        encodePacket({ testId: 'tempest.api.T.test_fails', mimeType: 'text/plain;charset=utf8', file: { name: 'pythonlogging:\'\'', bytes: Buffer.from(text) } }),
        encodePacket({ testId: 'tempest.api.T.test_fails', status: 6, mimeType: 'text/x-traceback;charset=utf8', file: { name: 'traceback', bytes: Buffer.from(`Traceback (most recent call last):\nValueError: ${text}`) } }),
        encodePacket({ testId: 'tempest.api.T.test_skips', status: 5, mimeType: 'text/plain;charset=utf8', file: { name: 'reason', bytes: Buffer.from(text) } }),
        // Damaged bytes (printed output between packets) carry them too.
        Buffer.from(`\n${text}\n`),
        encodePacket({ testId: 'tempest.api.T.test_passes', status: 3 }),
      ]);
      const work = mkdtempSync(join(tmpdir(), 'secrets-'));
      const shard = join(work, 'shard');
      const stepSummary = join(work, 'step-summary.md');
      writeFileSync(join(work, 'in.subunit'), stream);
      await reportCommand().parseAsync([join(work, 'in.subunit'), '--out', join(work, 'report')], { from: 'user' });
      await reportCommand().parseAsync([join(work, 'in.subunit'), '--out', shard], { from: 'user' });
      writeFileSync(join(shard, 'tempest.subunit'), stream);
      vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
      await mergeShardReports([shard], join(work, 'merged'), { voting: true });
      const gate = await gateFolder(work, cases.map((c) => c.secret), text, stream);
      const written = [...filesOf(join(work, 'report')), ...filesOf(join(work, 'merged')), ...filesOf(gate), stepSummary];
      expect(written.length).toBeGreaterThan(16);
      for (const file of written) {
        const content = readFileSync(file).toString('latin1') + readFileSync(file, 'utf8');
        for (const { secret, line } of cases) for (const form of formsOf(secret)) expect(content.includes(form), `${file} shows ${JSON.stringify(form)} (from: ${line})`).toBe(false);
      }
    }
  }, 60_000);
});

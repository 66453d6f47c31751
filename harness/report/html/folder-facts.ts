// What index.html shows of a gate's report folder beside the results: its files (logs/, config/),
// the local.conf and package versions it holds, and the service-log lines of the failed tests'
// requests. Everything read here was written through the run's Redactor (masked).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RunResults } from '../../results/model.ts';
import type { EnvironmentData, HtmlOptions } from './html-options.ts';
import { findRequestLines, requestIdsOf } from './request-lines.ts';

/** Logs that are not a service's: Tempest's own (the client side of the same requests). */
const NOT_SERVICE_LOGS = /^logs\/(tempest\/|tempest\.log$)/;

export type FolderFacts = Pick<HtmlOptions, 'logs' | 'serviceLines'> & { readonly environment: EnvironmentData };

export async function readFolderFacts(root: string, results: RunResults): Promise<FolderFacts> {
  const files = [...(await filesUnder(root, 'logs')), ...(await filesUnder(root, 'config'))];
  const serviceLogs = files.filter((file) => file.startsWith('logs/') && !NOT_SERVICE_LOGS.test(file));
  const localConf = join(root, 'config', 'local.conf');
  const versions = join(root, 'versions.txt');
  return {
    logs: files,
    serviceLines: await findRequestLines(root, serviceLogs, requestIdsOf(results)),
    environment: {
      localConf: existsSync(localConf) ? await readFile(localConf, 'utf8') : undefined,
      packages: existsSync(versions) ? (await readFile(versions, 'utf8')).split('\n').filter(Boolean) : undefined,
    },
  };
}

async function filesUnder(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

// Where `up` keeps a stack's credentials (clouds.yaml, openrc): not in its run folder, since
// reports/ is what CI publishes (GitLab's artifacts take all of it) and a published folder must
// hold no secret; in the user's own state folder instead ($XDG_STATE_HOME, else ~/.local/state),
// one folder per run, readable by its owner only.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { requireRunId } from './run-id.ts';

/** `runId` is checked here, where it becomes a path (`down` removes this folder): no `..` or `/` gets through. */
export function credentialsDirOf(runId: string, env: NodeJS.ProcessEnv = process.env): string {
  requireRunId(runId, 'RUN');
  // The XDG spec ignores a relative XDG_STATE_HOME.
  const state = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(state, 'dockenstack', 'stacks', runId);
}

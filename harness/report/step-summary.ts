// GitHub Actions shows whatever a step appends to $GITHUB_STEP_SUMMARY on the run's page.
import { appendFile } from 'node:fs/promises';

export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const target = env.GITHUB_STEP_SUMMARY;
  if (!target) return false;
  await appendFile(target, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return true;
}

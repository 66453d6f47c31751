// Where the repository is: profiles, dockerfiles and filters are found relative to it, and a
// child gate is started from its bin/.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set by bin/dockenstack.js in the bundle it builds, which does not sit where this source does. */
declare const DOCKENSTACK_ROOT: string | undefined;

export const PROJECT_ROOT = typeof DOCKENSTACK_ROOT === 'string' ? DOCKENSTACK_ROOT : resolve(fileURLToPath(import.meta.url), '..', '..');

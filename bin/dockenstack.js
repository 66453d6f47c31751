#!/usr/bin/env node
// The installed executable: loads the TypeScript sources through tsx's loader in this very process
// (no child process), so signals reach the gate directly and there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli.ts');

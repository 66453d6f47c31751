// `npm run bench`: every benchmark under bench/, each printing its ratios.
await import('./subunit/run.ts');

// `npm run bench`: every benchmark under bench/, each printing its ratios (subunit, hostile/: its
// growth on 1, 2 and 4 MiB, then html). The gate benchmark removes dockenstack's images first (it
// measures a cold start): it runs only with BENCH_GATE=1; `up` fresh against `up` from a snapshot
// only with BENCH_UP=1.
await import('./subunit/run.ts');
await import('./hostile/run.ts');
await import('./html/run.ts');
if (process.env.BENCH_GATE === '1') await import('./gate/run.ts');
// Two stacks, one after the other (about ten minutes here): only with BENCH_UP=1.
if (process.env.BENCH_UP === '1') await import('./up/run.ts');

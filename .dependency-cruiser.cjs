// The layers of harness/, top to bottom: a module may import only from its own folder and from
// layers below it, so no two folders import each other and low-level facts stay low.
// `npm run lint` runs this check (depcruise) after eslint.
const LAYERS = [
  ['harness/cli\\.ts'],
  ['harness/commands/'],
  ['harness/fleet/'],
  ['harness/gate/'],
  ['harness/plan/'],
  ['harness/stacks/'],
  ['harness/report/'],
  ['harness/compare/', 'harness/verdict/'],
  ['harness/selection/', 'harness/localconf/'],
  ['harness/results/'],
  ['harness/subunit/', 'harness/engine/', 'harness/preflight/', 'harness/run/'],
  ['harness/progress/', 'harness/host/', 'harness/project-root\\.ts', 'harness/input-paths\\.ts'],
  ['harness/errors\\.ts'],
];

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'modules that import each other, however indirectly',
    from: { path: '^harness/' },
    to: { circular: true },
  },
];
// Processes on the host start in one place (zx's `$`, with its quoting and its errors), so a
// process error always says how it ended; dockerode is the engine layer's alone.
forbidden.push(
  {
    name: 'host-processes-in-host',
    severity: 'error',
    comment: 'start host processes through harness/host/ (zx), not node:child_process or zx directly',
    from: { path: '^harness/', pathNot: '^harness/host/' },
    to: { path: '^(child_process|zx(/|$)|node_modules/zx/)' },
  },
  {
    name: 'engine-client-in-engine',
    severity: 'error',
    comment: 'talk to Docker through harness/engine/, not dockerode or testcontainers directly',
    from: { path: '^harness/', pathNot: '^harness/engine/' },
    to: { path: '^node_modules/(dockerode|testcontainers|docker-modem)/' },
  },
);
// A folder or file left out of LAYERS would be bound by no layer rule: a new one must be placed.
forbidden.push({
  name: 'in-a-layer',
  severity: 'error',
  comment: 'every module of harness/ belongs to a layer of LAYERS above: add its folder there',
  from: { path: '^harness/', pathNot: `^(${LAYERS.flat().join('|')})` },
  to: {},
});
LAYERS.forEach((layer, depth) => {
  const higher = LAYERS.slice(0, depth).flat();
  for (const path of layer) {
    const siblings = layer.filter((other) => other !== path);
    if (!higher.length && !siblings.length) continue;
    forbidden.push({
      name: `layer-${path.replace(/^harness\//, '').replace(/[\\/]/g, '').replace(/\.ts$/, '')}`,
      severity: 'error',
      comment: `${path} may import only from its own folder and from the layers below it`,
      from: { path: `^${path}` },
      to: { path: `^(${[...higher, ...siblings].join('|')})` },
    });
  }
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

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

// Tempest test ids: `package.module.Class.test_name[id-uuid,tag,…]`, and class fixtures reported
// as `setUpClass (package.module.Class)`.
export interface TestIdParts {
  /** Everything up to the last dot before the attributes: the class path. */
  readonly className: string;
  /** The method name with its attributes, as subunit2junitxml names a case. */
  readonly name: string;
  /** The idempotent id (`id-…`) from the attributes, if any. */
  readonly uuid: string | undefined;
  readonly attributes: readonly string[];
}

const FIXTURE = /^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((.+)\)$/;

/**
 * The fixture expression's match, tried only on ids ending with `)` as every fixture id does:
 * nearly no test id does, and the check spares them the expression.
 */
function matchFixture(id: string): RegExpExecArray | null {
  return id.charCodeAt(id.length - 1) === 0x29 ? FIXTURE.exec(id) : null;
}

export function splitTestId(id: string): TestIdParts {
  const fixture = matchFixture(id);
  if (fixture) return { className: fixture[2] ?? '', name: fixture[1] ?? '', uuid: undefined, attributes: [] };
  const bracket = id.indexOf('[');
  const plain = bracket === -1 ? id : id.slice(0, bracket);
  const attributes = bracket === -1 ? [] : id.slice(bracket + 1, id.endsWith(']') ? -1 : undefined).split(',').filter(Boolean);
  const dot = plain.lastIndexOf('.');
  return {
    className: dot === -1 ? '' : plain.slice(0, dot),
    name: dot === -1 ? id : id.slice(dot + 1),
    uuid: attributes.find((a) => a.startsWith('id-'))?.slice(3),
    attributes,
  };
}

/** The class path alone, as splitTestId gives it, without splitting the rest. */
export function classNameOf(id: string): string {
  const fixture = matchFixture(id);
  if (fixture) return fixture[2] ?? '';
  const bracket = id.indexOf('[');
  const dot = id.lastIndexOf('.', bracket === -1 ? id.length : bracket - 1);
  return dot === -1 ? '' : id.slice(0, dot);
}

export function fixtureOf(id: string): { kind: string; className: string } | undefined {
  const fixture = matchFixture(id);
  return fixture ? { kind: fixture[1] ?? '', className: fixture[2] ?? '' } : undefined;
}

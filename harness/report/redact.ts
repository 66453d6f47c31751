// Secrets never reach reports/: every line the gate writes under a report folder passes through a
// Redactor that knows the run's passwords (generated per run, so a leak is findable by value) and
// masks the usual credential shapes that services print (URLs with user:password@, tokens).
const MASK = '***';

const CREDENTIAL_SHAPES: readonly RegExp[] = [
  // mysql+pymysql://user:password@host, rabbit://user:password@host
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+(?=@)/gi,
  // X-Auth-Token: gAAAAAB…, "X-Subject-Token": "…"
  /(?<=x-(?:auth|subject)-token["']?\s*[:=]\s*["']?)[A-Za-z0-9_\-=.]{16,}/gi,
];

export interface Redactor {
  (text: string): string;
  readonly secrets: readonly string[];
}

/** Secrets shorter than 4 characters would mask ordinary words: they are refused upstream. */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...new Set([...secrets].filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  const literal = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : undefined;
  const redact = (text: string): string => {
    let out = literal ? text.replace(literal, MASK) : text;
    for (const shape of CREDENTIAL_SHAPES) out = out.replace(shape, MASK);
    return out;
  };
  return Object.assign(redact, { secrets: values });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Secrets never reach reports/: every text that leaves a run (report files, logs, configs, the
// copied subunit stream, the CI step summary) passes through a Redactor, on the raw text before
// any escaping (HTML, XML, JSON would otherwise hide a secret from it and show it to a reader).
// It masks the run's own secrets (generated per run, so a leak is findable by value), in the forms
// they take in URLs and JSON too, and the credential shapes that services and Tempest print
// whatever the value. What it cannot mask is listed in README.md ("What is masked").
export const MASK = '***';

/**
 * The shortest secret a run accepts. Masking replaces every occurrence of a secret anywhere in the
 * output: a value of 4 or 5 characters ("admin", "nova", "stack") is a word of ordinary log lines,
 * and masking it would blank them while the value itself is guessable. Six keeps DevStack's own
 * documented example ("secret") usable; the gate's generated passwords are 24 characters.
 */
export const MIN_SECRET_LENGTH = 6;

/**
 * Names whose value is a credential: password, passwd, secret, token (any prefix or suffix), and
 * nova's adminPass (a server's root password, in every server create and changePassword body
 * Tempest logs; seen in a real gate's tempest.log), as oslo.utils' mask_password also has it.
 */
const KEY = String.raw`[\w.-]*(?:password|passwd|secret|token|adminpass|admin_pass|new_pass)[\w.-]*`;
/** Also a credential, but only as a quoted key (nova's generated keypair): elsewhere the words name paths. */
const QUOTED_KEY = String.raw`(?:${KEY}|private_key)`;

// Each shape keeps what names the credential (group 1) and masks what follows it.
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  // scheme://user:password@host, the password with '/' or %-escapes, the user possibly empty.
  /([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)[^@\s]+(?=@)/gi,
  // "password": "…" (JSON, with escaped quotes) and 'password': b'…' (a Python dict or bytes repr):
  // the value up to its own closing quote.
  new RegExp(String.raw`(["']${QUOTED_KEY}["']\s*:\s*b?")(?:[^"\\]|\\.)*(?=")`, 'gi'),
  new RegExp(String.raw`(["']${QUOTED_KEY}["']\s*:\s*b?')(?:[^'\\]|\\.)*(?=')`, 'gi'),
  // X-Auth-Token: …, X-Service-Token=…, b'X-Subject-Token': b'…' (headers as requests logs them).
  /(x-(?:auth|service|subject)-token["']?\s*[:=]\s*b?["']?)[^\s"',;}]+/gi,
  // ?token=…, &password=… in URLs and form bodies.
  new RegExp(String.raw`([?&]${KEY}=)[^&\s"'#]+`, 'gi'),
  // --os-password X, --os-token=X, --password 'with spaces'.
  new RegExp(String.raw`(--${KEY}(?:=|\s+))(?:"[^"]*"|'[^']*'|[^\s"']+)`, 'gi'),
  // password=…, admin_password = …, OS_PASSWORD: … (ini, shell, YAML, log lines).
  // A colon needs a space after it, so that `TokensV3Test:test_x` (a test's name) stays.
  new RegExp(String.raw`(\b${KEY}(?:\s*=\s*|\s*:\s+))(?!\*\*\*)(?:"[^"]*"|'[^']*'|[^\s"',;&]+)`, 'gi'),
];

/** Text with none of these holds none of the shapes: most lines skip the expressions. */
const MAY_HOLD_SHAPE = /:\/\/|token|passw|adminpass|admin_pass|new_pass|secret|private_key/i;

export interface Redactor {
  (text: string): string;
  readonly secrets: readonly string[];
}

export class ShortSecretError extends Error {}

/** `secrets` shorter than MIN_SECRET_LENGTH are refused (the plan checks its inputs first). */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const given = [...new Set(secrets)].filter((secret) => secret !== '');
  const short = given.find((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short !== undefined) throw new ShortSecretError(`a secret of ${short.length} character(s) would mask ordinary words: ${MIN_SECRET_LENGTH} at least`);
  // Each secret also as it appears %-encoded in a URL and escaped in JSON.
  const forms = new Set(given.flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]));
  const values = [...forms].sort((a, b) => b.length - a.length);
  const literal = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : undefined;
  const redact = (text: string): string => {
    let out = literal ? text.replace(literal, MASK) : text;
    if (MAY_HOLD_SHAPE.test(out)) for (const shape of CREDENTIAL_SHAPES) out = out.replace(shape, `$1${MASK}`);
    return out;
  };
  return Object.assign(redact, { secrets: given });
}

/** Masks bytes that may not be UTF-8 (attachments, damaged stretches) without changing the others. */
export function redactBytes(redact: Redactor, bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  // Secrets as their UTF-8 bytes read as Latin-1, so that non-ASCII ones match too.
  const masked = redactLatin1(redact, text);
  return masked === text ? bytes : Buffer.from(masked, 'latin1');
}

const latin1Redactors = new WeakMap<Redactor, Redactor>();

function redactLatin1(redact: Redactor, text: string): string {
  let latin1 = latin1Redactors.get(redact);
  if (!latin1) {
    latin1 = createRedactor(redact.secrets.map((secret) => Buffer.from(secret, 'utf8').toString('latin1')));
    latin1Redactors.set(redact, latin1);
  }
  return latin1(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

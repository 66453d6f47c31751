// Whether what goes to a stream is coloured, decided in one place from two facts: is the stream a
// terminal, and what the environment asks (NO_COLOR, FORCE_COLOR, TERM=dumb). A log file or a
// pipe into jq must never receive escape codes unless the user forced them.
export type Tone = 'pass' | 'fail' | 'warn';

export type ColourEnv = Readonly<Record<string, string | undefined>>;

/**
 * FORCE_COLOR wins when set (as in Node's own tty module): `0` or `false` turns colour off, any
 * other value (the empty one too) on, even into a pipe. Then NO_COLOR, any non-empty value, turns
 * it off (no-color.org). Otherwise a terminal gets colour unless TERM is `dumb`.
 */
export function colourWanted(isTTY: boolean, env: ColourEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

const CODES: Readonly<Record<Tone, string>> = { pass: '32', fail: '31', warn: '33' };

export interface Palette {
  readonly enabled: boolean;
  /** The text in the tone's colour; unchanged when colour is off or no tone is given. */
  paint(text: string, tone?: Tone): string;
}

export function createPalette(enabled: boolean): Palette {
  return { enabled, paint: (text, tone) => (enabled && tone && text ? `\u001b[${CODES[tone]}m${text}\u001b[39m` : text) };
}

/** The palette for what is written to `stream` (process.stdout or process.stderr). */
export function paletteFor(stream: { readonly isTTY?: boolean }, env: ColourEnv = process.env): Palette {
  return createPalette(colourWanted(stream.isTTY === true, env));
}

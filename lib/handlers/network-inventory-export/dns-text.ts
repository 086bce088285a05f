/**
 * Translation between Route 53's text forms and RFC 1035 master-file text.
 *
 * Route 53 returns every character of a name other than a-z, 0-9, `-` and `_`
 * as an escape `\ooo` with a three-digit OCTAL code (`*` is `\052`), and TXT
 * values as quoted strings with `\"` and octal escapes. RFC 1035 (section
 * 5.1) reads `\DDD` as a DECIMAL octet, so copying Route 53's text into a
 * master file would change the data (`\052` would become `4`). Everything is
 * therefore decoded to bytes and encoded again.
 */

/** A domain name as its labels (without the empty root label), each a list of octets. */
export type Labels = number[][];

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

/** Octets that must be escaped with a backslash inside a master-file name (RFC 1035 5.1 specials). */
const NAME_SPECIALS = new Set(['.', '\\', '"', '(', ')', ';', '@', '$'].map((c) => c.charCodeAt(0)));
/** Octets that must be escaped with a backslash in a bare (unquoted) rdata token. */
const TOKEN_SPECIALS = new Set(['\\', '"', '(', ')', ';'].map((c) => c.charCodeAt(0)));

function utf8(char: string): number[] {
  return [...Buffer.from(char, 'utf8')];
}

function decimalEscape(octet: number): string {
  return `\\${String(octet).padStart(3, '0')}`;
}

/** Whether an octet prints as itself (visible ASCII, no space). */
function visible(octet: number): boolean {
  return octet > 0x20 && octet < 0x7f;
}

/**
 * Read one escape at `chars[i]` (a backslash): `\ooo` octal, or `\X` for X
 * itself. Returns the octets and how many characters were used.
 */
function readEscape(chars: string[], i: number, text: string): { octets: number[]; used: number } {
  const digits = chars.slice(i + 1, i + 4).join('');
  if (/^[0-3][0-7]{2}$/.test(digits)) {
    return { octets: [parseInt(digits, 8)], used: 4 };
  }
  if (i + 1 >= chars.length) {
    throw new Error(`'${text}' ends with a lone backslash.`);
  }
  return { octets: utf8(chars[i + 1]), used: 2 };
}

/**
 * Parse a name as Route 53 returns it (`www.example.com.`, `\052.example.com.`)
 * into labels. The trailing dot is optional; `.` alone is the root.
 */
export function parseRoute53Name(name: string): Labels {
  if (name === '.') {
    return [];
  }
  const chars = Array.from(name);
  const labels: Labels = [];
  let label: number[] = [];
  for (let i = 0; i < chars.length;) {
    if (chars[i] === '\\') {
      const { octets, used } = readEscape(chars, i, name);
      label.push(...octets);
      i += used;
    } else if (chars[i] === '.') {
      if (label.length === 0) {
        throw new Error(`'${name}' has an empty label.`);
      }
      labels.push(label);
      label = [];
      i += 1;
    } else {
      label.push(...utf8(chars[i]));
      i += 1;
    }
  }
  if (label.length > 0) {
    labels.push(label);
  }
  return labels;
}

/** One label in master-file form: specials escaped with `\`, other non-printing octets as decimal `\DDD`. */
export function encodeLabel(label: number[]): string {
  return label.map((o) => {
    if (!visible(o)) {
      return decimalEscape(o);
    }
    const c = String.fromCharCode(o);
    return NAME_SPECIALS.has(o) ? `\\${c}` : c;
  }).join('');
}

/** A name in absolute master-file form, with its trailing dot. */
export function absoluteName(labels: Labels): string {
  return labels.length === 0 ? '.' : `${labels.map(encodeLabel).join('.')}.`;
}

function lower(octet: number): number {
  return octet >= 0x41 && octet <= 0x5a ? octet + 0x20 : octet;
}

function sameLabel(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((o, i) => lower(o) === lower(b[i]));
}

/** Whether `name` is `origin` or below it (case-insensitive). */
export function isAtOrBelow(name: Labels, origin: Labels): boolean {
  if (name.length < origin.length) {
    return false;
  }
  const offset = name.length - origin.length;
  return origin.every((label, i) => sameLabel(label, name[offset + i]));
}

/**
 * An owner name relative to the zone origin: `@` for the apex, the labels
 * below the origin without a trailing dot, or the absolute name when it is
 * not in the zone.
 */
export function relativeName(name: Labels, origin: Labels): string {
  if (!isAtOrBelow(name, origin)) {
    return absoluteName(name);
  }
  const below = name.slice(0, name.length - origin.length);
  return below.length === 0 ? '@' : below.map(encodeLabel).join('.');
}

/** Case-insensitive key of a name, for maps. */
export function nameKey(labels: Labels): string {
  return labels.map((l) => l.map((o) => lower(o).toString(16).padStart(2, '0')).join('')).join('.');
}

/**
 * DNSSEC canonical order of names (RFC 4034 6.1): compare labels from the
 * root down, case-insensitively, octet by octet; a name sorts before the
 * names below it.
 */
export function compareNames(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 1; i <= n; i++) {
    const la = a[a.length - i];
    const lb = b[b.length - i];
    const m = Math.min(la.length, lb.length);
    for (let j = 0; j < m; j++) {
      const d = lower(la[j]) - lower(lb[j]);
      if (d !== 0) {
        return d;
      }
    }
    if (la.length !== lb.length) {
      return la.length - lb.length;
    }
  }
  return a.length - b.length;
}

/** One whitespace-separated item of a Route 53 record value. */
export interface RdataToken {
  /** The text as Route 53 returned it (without the quotes of a quoted string). */
  readonly raw: string;
  /** Whether it was a quoted character-string. */
  readonly quoted: boolean;
  /** Its octets, with Route 53's escapes decoded. */
  readonly octets: number[];
}

/**
 * Split a Route 53 record value (`10 mail.example.com.`, `"v=spf1 -all"`,
 * `"part one" "part two"`) into tokens, decoding `\"`, `\\` and octal
 * `\ooo` escapes.
 */
export function tokenizeRdata(value: string): RdataToken[] {
  const chars = Array.from(value);
  const tokens: RdataToken[] = [];
  let i = 0;
  while (i < chars.length) {
    if (/\s/.test(chars[i])) {
      i += 1;
      continue;
    }
    const quoted = chars[i] === '"';
    const start = quoted ? i + 1 : i;
    if (quoted) {
      i += 1;
    }
    const octets: number[] = [];
    let closed = !quoted;
    while (i < chars.length) {
      const c = chars[i];
      if (c === '\\') {
        const { octets: escaped, used } = readEscape(chars, i, value);
        octets.push(...escaped);
        i += used;
        continue;
      }
      if (quoted && c === '"') {
        closed = true;
        break;
      }
      if (!quoted && /\s/.test(c)) {
        break;
      }
      octets.push(...utf8(c));
      i += 1;
    }
    if (!closed) {
      throw new Error(`Record value '${value}' has a quoted string with no closing quote.`);
    }
    tokens.push({ raw: chars.slice(start, i).join(''), quoted, octets });
    if (quoted) {
      i += 1;
    }
  }
  return tokens;
}

/** A character-string in master-file form: quoted, `"` and `\` escaped, other non-printing octets as decimal `\DDD`. */
export function encodeCharacterString(octets: number[]): string {
  const body = octets.map((o) => {
    if (o === QUOTE || o === BACKSLASH) {
      return `\\${String.fromCharCode(o)}`;
    }
    return o >= 0x20 && o < 0x7f ? String.fromCharCode(o) : decimalEscape(o);
  }).join('');
  return `"${body}"`;
}

/** A bare rdata token (number, address, hex, flag) in master-file form. */
export function encodeBareToken(octets: number[]): string {
  return octets.map((o) => {
    if (!visible(o)) {
      return decimalEscape(o);
    }
    const c = String.fromCharCode(o);
    return TOKEN_SPECIALS.has(o) ? `\\${c}` : c;
  }).join('');
}

/** Text safe to put in a master-file comment: one line, printable ASCII. */
export function commentText(text: string): string {
  return Array.from(text).map((c) => {
    const code = c.codePointAt(0)!;
    return code >= 0x20 && code < 0x7f ? c : '?';
  }).join('');
}

/** A zone name as the last part of an object key: labels joined by dots, octets other than a-z0-9_- as `_`. */
export function keySafeName(labels: Labels): string {
  if (labels.length === 0) {
    return 'root';
  }
  return labels.map((l) => l.map((o) => {
    const c = String.fromCharCode(lower(o));
    return /^[a-z0-9_-]$/.test(c) ? c : '_';
  }).join('')).join('.');
}

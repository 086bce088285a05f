import { LoggingProfile, MaturityTier } from '../../requirements/types';

/**
 * Text helpers of the coverage report: a locale-independent sort, the
 * clean-up that keeps the report byte-identical between syntheses, and the
 * words for tiers and profiles that the reasons and the Markdown share.
 */

/** A tier as the report writes it. */
export const TIER_TEXT: Record<MaturityTier, string> = {
  [MaturityTier.BASELINE]: 'Baseline',
  [MaturityTier.ENHANCED]: 'Enhanced',
};

/** A profile as the report writes it. */
export const PROFILE_TEXT: Record<LoggingProfile, string> = {
  [LoggingProfile.HOSTING_PLATFORM]: 'hosting platform',
  [LoggingProfile.CUSTOM_APPLICATION]: 'custom application',
};

/** Compare two strings by UTF-16 code units: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/** Compare by several keys in turn. */
export function compareBy<T>(...keys: Array<(x: T) => string | number | undefined>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const ka = key(a);
      const kb = key(b);
      const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : compareText(String(ka ?? ''), String(kb ?? ''));
      if (c !== 0) {
        return c;
      }
    }
    return 0;
  };
}

/** Sort a copy and drop entries equal (by `key`) to one already kept. */
export function sortedUnique<T>(items: T[], key: (x: T) => string, compare: (a: T, b: T) => number): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of [...items].sort(compare)) {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(item);
    }
  }
  return out;
}

/** `${Token[Foo.123]}` and list tokens: their numbers depend on how many tokens the process made before. */
const TOKEN_TEXT = /\$\{Token\[[^\]]*\]\}|#\{Token\[[^\]]*\]\}/g;

/**
 * Makes free text from the construct tree safe to publish and repeatable:
 * unresolved token strings become `${Token}` (their numbers differ between
 * processes) and the given absolute directories (the working directory, the
 * assembly directory) are written relative.
 */
export class TextCleaner {
  private readonly dirs: Array<{ dir: string; replacement: string }>;

  constructor(dirs: Array<{ dir: string | undefined; replacement: string }>) {
    this.dirs = dirs
      .filter((d): d is { dir: string; replacement: string } => typeof d.dir === 'string' && d.dir.length > 1)
      .sort((a, b) => b.dir.length - a.dir.length);
  }

  /** The cleaned text. */
  public clean(text: string): string {
    let out = text.replace(TOKEN_TEXT, '${Token}');
    for (const { dir, replacement } of this.dirs) {
      out = out.split(dir).join(replacement);
    }
    return out;
  }
}

/** `n thing` or `n things`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** Join names for a sentence: `a, b and c` (or `a, b or c`); more than `max` become `a, b and 3 more`. */
export function nameList(items: string[], max = 3, conjunction = 'and'): string {
  if (items.length > max) {
    return `${items.slice(0, max - 1).join(', ')} and ${items.length - (max - 1)} more`;
  }
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** The HTML anchor of a requirement's row in the detailed Markdown report: letters, digits and hyphens. */
export function requirementAnchor(declarationId: string, requirementId: string): string {
  return `${declarationId}-${requirementId}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

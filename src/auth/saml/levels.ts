/** SPID levels as AuthnContextClassRef values; CIE uses the same three. */
export type SpidLevel = 1 | 2 | 3;

const LEVEL_PREFIX = 'https://www.spid.gov.it/SpidL';

export function levelUri(level: SpidLevel): string {
  return `${LEVEL_PREFIX}${level}`;
}

/** The level an AuthnContextClassRef names, or null if it is not a SPID level. */
export function levelFromUri(uri: string): SpidLevel | null {
  const match = /^https:\/\/www\.spid\.gov\.it\/SpidL([123])$/.exec(uri.trim());
  return match ? (Number(match[1]) as SpidLevel) : null;
}

export function asSpidLevel(value: number): SpidLevel {
  return value === 1 || value === 3 ? value : 2;
}

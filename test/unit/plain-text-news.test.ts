import { describe, expect, it } from 'vitest';
import { newsVisibility } from '../../src/domain/news.ts';
import { topUpLimitsOf } from '../../src/domain/top-up-limits.ts';
import { linkedParagraphs } from '../../src/web/plain-text.ts';

describe('plain text with links', () => {
  it('splits paragraphs on blank lines and keeps single line breaks inside them', () => {
    expect(linkedParagraphs('Uno\nriga due\r\n\r\nTre')).toEqual([[{ text: 'Uno\nriga due' }], [{ text: 'Tre' }]]);
  });

  it('turns bare http(s) URLs into links, leaving the sentence punctuation outside', () => {
    expect(linkedParagraphs('Vedi https://www.example.it/menu?x=1. Oppure (http://a.it).')).toEqual([
      [
        { text: 'Vedi ' },
        { text: 'https://www.example.it/menu?x=1', href: 'https://www.example.it/menu?x=1' },
        { text: '. Oppure (' },
        { text: 'http://a.it', href: 'http://a.it' },
        { text: ').' },
      ],
    ]);
  });

  it('never links other schemes and leaves markup as text (the view escapes it)', () => {
    expect(linkedParagraphs('javascript:alert(1) <a href="https://x.it">x</a>')).toEqual([
      [{ text: 'javascript:alert(1) <a href="' }, { text: 'https://x.it', href: 'https://x.it' }, { text: '">x</a>' }],
    ]);
  });
});

describe('news visibility', () => {
  const at = (iso: string) => new Date(iso);
  const item = { status: 'PUBLISHED' as const, publishedAt: at('2026-11-19T07:00:00Z'), publishUntil: at('2026-11-20T23:00:00Z') };

  it('is scheduled before its start, live from it, expired at its end (excluded)', () => {
    expect(newsVisibility(item, at('2026-11-19T06:59:59.999Z'))).toBe('SCHEDULED');
    expect(newsVisibility(item, at('2026-11-19T07:00:00Z'))).toBe('LIVE');
    expect(newsVisibility(item, at('2026-11-20T22:59:59.999Z'))).toBe('LIVE');
    expect(newsVisibility(item, at('2026-11-20T23:00:00Z'))).toBe('EXPIRED');
    expect(newsVisibility({ ...item, publishUntil: null }, at('2030-01-01T00:00:00Z'))).toBe('LIVE');
  });

  it('a draft or withdrawn item is never live, whatever the dates', () => {
    expect(newsVisibility({ ...item, status: 'DRAFT' }, at('2026-11-19T08:00:00Z'))).toBe('DRAFT');
    expect(newsVisibility({ ...item, status: 'WITHDRAWN' }, at('2026-11-19T08:00:00Z'))).toBe('WITHDRAWN');
  });
});

describe('top-up limits', () => {
  it("use the Comune's own limits where set, the installation's otherwise", () => {
    const defaults = { minCents: 500, maxCents: 50_000 };
    expect(topUpLimitsOf({ topUpMinCents: null, topUpMaxCents: null }, defaults)).toEqual(defaults);
    expect(topUpLimitsOf({ topUpMinCents: 1000, topUpMaxCents: null }, defaults)).toEqual({ minCents: 1000, maxCents: 50_000 });
  });
});

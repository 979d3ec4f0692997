// Form messages travel as locale keys (with their values) and become text in the page's language at render time;
// text that is already a message is left alone.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fiscalCodeField, formFallback, localizedText, messageKey } from '../../src/web/forms.ts';
import type { Translate } from '../../src/web/i18n.ts';

const t: Translate = (key, values) => `[${key}${values ? ` ${JSON.stringify(values)}` : ''}]`;

describe('form messages', () => {
  it('a key is translated, with the values it carries', () => {
    expect(localizedText('validation.email', t)).toBe('[validation.email]');
    expect(localizedText(messageKey('validation.maxChars', { max: 200 }), t)).toBe('[validation.maxChars {"max":200}]');
  });

  it('text that is already a message stays as it is', () => {
    for (const text of ['Nessun documento con numero 2026/12.', 'Il file supera 5 MB.', 'ok', ''])
      expect(localizedText(text, t)).toBe(text);
  });

  it('the shared fields and the fallback for a missing or repeated field give keys', () => {
    const schema = z.object({ cf: fiscalCodeField('validation.student.fiscalCode'), name: z.string() });
    const issues = (body: unknown) => schema.safeParse(body, { error: formFallback }).error!.issues.map((i) => i.message);
    expect(issues({ cf: 'RSSMRA15C52F205Y', name: ['a', 'b'] })).toEqual(['validation.fiscalCode.invalid', 'validation.once']);
    expect(issues({ cf: 'RSS' })).toEqual(['validation.fiscalCode.length', 'validation.required']);
  });

  it('a value no control offers (a tampered id or choice) and an over-long text give keys too; a schema’s own message wins', () => {
    const schema = z.object({
      id: z.string().regex(/^[0-9a-f-]{36}$/i),
      choice: z.enum(['a', 'b']).or(z.literal('')),
      note: z.string().max(5),
      own: z.string().max(1, 'validation.email'),
    });
    const parsed = schema.safeParse({ id: 'x', choice: 'z', note: 'troppo lunga', own: 'xx' }, { error: formFallback });
    expect(parsed.error!.issues.map((i) => i.message)).toEqual([
      'validation.invalid',
      'validation.invalid',
      messageKey('validation.maxChars', { max: 5 }),
      'validation.email',
    ]);
  });
});

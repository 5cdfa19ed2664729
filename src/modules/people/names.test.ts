import { describe, expect, it } from 'vitest';
import { displayName, normaliseContact, splitName } from './names.js';

describe('names', () => {
  it.each([
    ['John Smith', 'John', 'Smith'],
    ['  Mary  Ann   Jones ', 'Mary Ann', 'Jones'],
    ['Madonna', null, 'Madonna'],
    ['', null, null],
  ])('splits %j', (full, given, family) => expect(splitName(full)).toEqual({ givenName: given, familyName: family }));
  it('builds a display name', () => {
    expect(displayName('John', 'Smith')).toBe('John Smith');
    expect(displayName(null, '')).toBe('Unnamed person');
  });
  it.each([
    ['phone', '+44 7700 900123', '07700900123'],
    ['phone', '(0161) 496-0000', '01614960000'],
    ['phone', '0044 7700 900123', '07700900123'],
    ['email', ' Jo.Bloggs@Example.COM ', 'jo.bloggs@example.com'],
  ] as const)('normalises %s %j', (kind, v, out) => expect(normaliseContact(kind, v)).toBe(out));
});

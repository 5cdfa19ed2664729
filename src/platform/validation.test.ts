import { describe, expect, it } from 'vitest';
import { nulPath } from './validation.js';

describe('nulPath', () => {
  it.each([
    ['a clean string', 'Mill Lane', null],
    ['a string with NUL', 'Mill\u0000Lane', 'body'],
    ['numbers, booleans and null', { a: 1, b: true, c: null }, null],
    ['a nested value', { location: { address: { town: 'x\u0000' } } }, 'body.location.address.town'],
    ['an array element', { people: [{ name: 'ok' }, { name: '\u0000' }] }, 'body.people.1.name'],
    ['a key', { answers: { 'q\u0000': { value: 'yes' } } }, 'body.answers.q\u0000'],
    ['the first of two', { a: '\u0000', b: '\u0000' }, 'body.a'],
    ['nothing at all', undefined, null],
  ])('%s', (_name, value, path) => {
    expect(nulPath(value, 'body')).toBe(path);
  });
});

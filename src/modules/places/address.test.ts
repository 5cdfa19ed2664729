import { describe, expect, it } from 'vitest';
import { normaliseAddressText, normalisePostcode, placeMatchKey } from './address.js';

describe('normalisePostcode', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA', 'SW1A 1'],
    [' M1 1ae ', 'M1 1AE', 'M1 1'],
    ['EC1A 1BB', 'EC1A 1BB', 'EC1A 1'],
    ['b338th', 'B33 8TH', 'B33 8'],
  ])('%s → %s', (raw, postcode, sector) => {
    expect(normalisePostcode(raw)).toMatchObject({ postcode, sector });
  });
  it.each(['', 'not a postcode', '12345', 'SW1A', 'ZZ99 9ZZZ'])('rejects %j', (raw) => {
    expect(normalisePostcode(raw)).toBeNull();
  });
});

describe('place matching', () => {
  it.each([
    ['Flat 2, 14 High Street', 'flat 2 14 high st'],
    ['14  HIGH   ROAD.', '14 high rd'],
  ])('normalises %j', (a, b) => expect(normaliseAddressText(a)).toBe(b));
  it('gives one key for the same dwelling written two ways', () => {
    expect(placeMatchKey({ line1: '14 High Street', postcode: 'M1 1AE' })).toBe(placeMatchKey({ line1: '14 high st', postcode: 'm11ae' }));
    expect(placeMatchKey({ uprn: '100023336956', line1: 'x' })).toBe('uprn:100023336956');
  });
});

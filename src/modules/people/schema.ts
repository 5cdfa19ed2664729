import { z } from 'zod';
import { Paging, pastDate, text } from '../../platform/validation.js';

export const AddressInput = z.object({
  line1: text(300).pipe(z.string().min(1)).optional(),
  line2: z.string().trim().max(300).optional(),
  town: z.string().trim().max(100).optional(),
  postcode: z.string().trim().max(10).optional(),
  uprn: z.string().regex(/^\d{1,12}$/, 'must be 1 to 12 digits').optional(),
});

/** A person as named on a report; `personId` points at someone already known (a confirmed link). */
export const PersonInput = z
  .object({
    personId: z.uuid().optional(),
    name: text(200).pipe(z.string().min(1)).optional(),
    givenName: text(100).pipe(z.string().min(1)).optional(),
    familyName: text(100).pipe(z.string().min(1)).optional(),
    aliases: z.array(text(200).pipe(z.string().min(1))).max(20).optional(),
    dateOfBirth: pastDate('dateOfBirth').optional(),
    gender: z.string().trim().max(50).optional(),
    phone: z.string().trim().regex(/^[\d +()-]{6,20}$/, 'must be a phone number').optional(),
    email: z.string().trim().email().max(254).optional(),
    address: AddressInput.optional(),
  })
  .refine((p) => p.personId || p.name || p.givenName || p.familyName || p.phone || p.email || p.address, {
    message: 'give at least a name, a contact, an address or a known personId',
  });
export type PersonInput = z.infer<typeof PersonInput>;

export const PersonSearchQuery = Paging.extend({
  q: text(200).pipe(z.string().min(1)).optional(),
  dateOfBirth: z.iso.date().optional(),
  postcode: z.string().trim().max(10).optional(),
});

import { z } from 'zod';
import { Paging, pastDateTime, text } from '../../platform/validation.js';
import { AddressInput, PersonInput } from '../people/schema.js';

export const CHANNELS = ['phone', 'online', 'in_person', 'police_system', 'housing_system', 'email'] as const;
export const REPORT_ROLES = ['victim', 'alleged_perpetrator', 'witness', 'reporter', 'child'] as const;

export const LocationInput = z
  .object({
    address: AddressInput.optional(),
    postcode: z.string().trim().max(10).optional(),
    lat: z.number().min(49).max(61.5).optional(),
    lon: z.number().min(-8.7).max(2).optional(),
    uprn: z.string().regex(/^\d{1,12}$/, 'must be 1 to 12 digits').optional(),
    lsoaCode: z.string().regex(/^[EWSN]\d{8}$/, 'must be an LSOA code such as E01014399').optional(),
    lsoaName: text(200).optional(),
    description: text(500).optional(),
  })
  .refine((l) => (l.lat === undefined) === (l.lon === undefined), { message: 'give both lat and lon, or neither', path: ['lat'] });

export const ReportPerson = z.intersection(z.object({ role: z.enum(REPORT_ROLES) }), PersonInput);

/** POST /api/v1/reports — a report from staff or another agency's system (DESIGN §4). */
export const ReportInput = z.object({
  receivedAt: pastDateTime('receivedAt'),
  channel: z.enum(CHANNELS),
  reportingAgencyId: z.uuid().optional(),
  category: z.string().regex(/^[a-z_]{2,40}$/, 'must be a category code'),
  description: text(20_000).pipe(z.string().min(1, 'must not be empty')),
  location: LocationInput.optional(),
  people: z.array(ReportPerson).max(50).default([]),
  externalReference: text(100).optional(),
});
export type ReportInput = z.infer<typeof ReportInput>;

export const ReportSearchQuery = Paging.extend({
  q: text(200).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  postcode: z.string().trim().max(10).optional(),
  category: z.string().max(40).optional(),
  agencyId: z.uuid().optional(),
});

export const Evidence = z.object({ field: z.string(), level: z.string(), weight: z.number() }).loose();
export const LinkOut = z
  .object({
    kind: z.enum(['person', 'report', 'place']),
    probability: z.number(),
    evidence: z.array(Evidence),
  })
  .loose();

export const CreatedReport = z.object({
  id: z.string(),
  reference: z.string(),
  people: z.array(z.object({ personId: z.string(), role: z.string(), index: z.number() })),
  placeId: z.string().nullable(),
  links: z.array(LinkOut),
  flags: z.array(z.string()),
  flagDetails: z.record(z.string(), z.unknown()).optional(),
  /** `to_follow`: the report is stored, but linking it could not be done just now; it is done later and the recording officer told. */
  linking: z.enum(['done', 'to_follow']),
  linkingDetail: z.string().optional(),
});

import { z } from 'zod';
import { CATEGORIES, PURPOSES } from '../../platform/access/policy.js';
import { text } from '../../platform/validation.js';

const SHAREABLE = CATEGORIES.filter((c) => c !== 'minimal_identity') as [string, ...string[]];

export const AgreementInput = z
  .object({
    title: text(200).pipe(z.string().min(1)),
    purposes: z.array(z.enum(PURPOSES)).min(1),
    partyAgencyIds: z.array(z.uuid()).min(2, 'an agreement needs at least two parties').max(30),
    categories: z
      .array(
        z.object({
          category: z.enum(SHAREABLE),
          lawfulBasis: text(300).pipe(z.string().min(1, 'name the UK GDPR Art. 6 basis')),
          specialCategoryCondition: text(300).optional(),
          statutoryGateway: text(300).optional(),
        }),
      )
      .min(1),
    startDate: z.iso.date(),
    reviewDate: z.iso.date(),
    endDate: z.iso.date().optional(),
  })
  .refine((a) => !a.endDate || a.endDate >= a.startDate, { message: 'ends before it starts', path: ['endDate'] })
  .refine((a) => a.reviewDate >= a.startDate, { message: 'review date is before the start', path: ['reviewDate'] })
  .refine((a) => a.categories.every((c) => !['health', 'criminal_justice', 'children', 'safeguarding'].includes(c.category) || c.specialCategoryCondition), {
    message: 'special category and criminal offence data need an Art. 9 condition / DPA 2018 Sch. 1 paragraph',
    path: ['categories'],
  });

export const BreakGlassInput = z
  .object({
    personId: z.uuid().optional(),
    caseId: z.uuid().optional(),
    reason: text(2000).pipe(z.string().min(20, 'explain the emergency in at least 20 characters')),
  })
  .refine((b) => !!b.personId !== !!b.caseId, { message: 'name exactly one person or one case', path: ['personId'] });

export const PersonControls = z.object({ restricted: z.boolean().optional(), rectificationNote: text(4000).optional() });

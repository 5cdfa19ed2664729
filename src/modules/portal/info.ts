import { z } from 'zod';
import { loadRuleFile } from '../../platform/jobs/cadence.js';

/**
 * What the portal tells residents: 999 in an emergency, the local non-emergency contacts, and how soon
 * they can expect to hear from us. Data with a version; a deployment points PORTAL_INFO_FILE at its own.
 */
export const PortalInfo = z.strictObject({
  id: z.literal('portal'),
  version: z.number().int().min(1),
  emergency: z.string().min(10).refine((s) => s.includes('999'), 'must tell residents to call 999 in an emergency'),
  nonEmergency: z.array(z.strictObject({ label: z.string().min(2).max(200), contact: z.string().min(2).max(200) })).min(1).max(30),
  /** Working days are not modelled: these are calendar days from the report. */
  expectedFirstContactDays: z.strictObject({ standard: z.number().int().min(1).max(60), urgent: z.number().int().min(1).max(60) }),
  /** Between updates once a case is open, unless the resident is a victim on the case (their cadence applies). */
  expectedUpdateDays: z.number().int().min(1).max(90),
});
export type PortalInfo = z.infer<typeof PortalInfo>;

export const SHIPPED_PORTAL_INFO = new URL('./portal.v1.json', import.meta.url);

export function loadPortalInfo(file: string | URL = SHIPPED_PORTAL_INFO): PortalInfo {
  return loadRuleFile(PortalInfo, file, 'portal');
}

/** The part residents see. */
export const Signposting = z.object({ version: z.number(), emergency: z.string(), nonEmergency: z.array(z.object({ label: z.string(), contact: z.string() })) });

export const signposting = (i: PortalInfo): z.infer<typeof Signposting> => ({ version: i.version, emergency: i.emergency, nonEmergency: i.nonEmergency });

import type { Access } from '../../platform/access/access.js';
import { Params } from '../../platform/db/params.js';
import { isUnavailable, type Queryable } from '../../platform/db/db.js';
import { forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { page } from '../../platform/validation.js';
import { normalisePostcode } from '../places/address.js';
import { placeCtes } from '../places/store.js';
import { addIdentifiers, hasFurtherIdentifiers, newPeopleCtes } from '../people/store.js';
import { knownPerson } from '../people/service.js';
import { runReportHooks, type NewReport } from './hooks.js';
import { MARK_TO_LINK, type ReportsToLink } from './followup.js';
import type { ReportInput } from './schema.js';
import { CATEGORY_IN_USE, REPORT_WRITTEN, getReports, reportCtes, reportPeopleCte, reportPeople, reportScopes, searchReports, type ReportRow } from './store.js';
import { newId } from '../../platform/ids.js';

export interface IntakeOptions {
  channel?: string;
  agencyId?: string;
  anonymous?: boolean;
  statusTokenHash?: string | null;
  importKey?: string | null;
}

/**
 * Validates what the schema cannot (postcodes, known people) before anything is written, and
 * returns each named person's current record (following merges) by their index on the report.
 */
async function checkReport(access: Access, input: ReportInput): Promise<Map<number, string>> {
  // The category is checked by the write itself (see reportCtes).
  const postcodes: [string, string | undefined][] = [
    ['body.location.postcode', input.location?.postcode],
    ['body.location.address.postcode', input.location?.address?.postcode],
    ...input.people.map((p, i) => [`body.people.${i}.address.postcode`, p.address?.postcode] as [string, string | undefined]),
  ];
  for (const [path, pc] of postcodes) if (pc && !normalisePostcode(pc)) throw invalidField(path, `'${pc}' is not a valid UK postcode`);
  const known = new Map<number, string>();
  for (const [i, p] of input.people.entries()) {
    if (!p.personId) continue;
    const current = await knownPerson(access, p.personId);
    if (!current) throw invalidField(`body.people.${i}.personId`, 'no such person');
    known.set(i, current);
  }
  return known;
}

/**
 * Records a report with its place and people, then lets linking and safeguarding look at it.
 * People are never merged silently: new descriptions become new person records unless the caller
 * names a known personId (a confirmed link). The place, the report, the new people, everyone named
 * and the audit event are one statement (atomic on its own); what a report adds to a known person,
 * or a new person's aliases, contacts and address, follow it in the same transaction.
 */
export async function createReport(ctx: AppContext, access: Access, input: ReportInput, opts: IntakeOptions = {}) {
  const actor = access.actor;
  const agencyId = opts.agencyId ?? input.reportingAgencyId ?? actor?.agencyId;
  if (!agencyId) throw invalidField('body.reportingAgencyId', 'is required');
  if (actor && input.reportingAgencyId && input.reportingAgencyId !== actor.agencyId) {
    throw forbidden('Staff record reports for their own agency; other agencies send theirs with their own token.');
  }
  const known = await checkReport(access, input);
  const loc = input.location;
  const id = newId();
  const people = input.people.map(({ role, ...details }, index) => ({ personId: known.get(index) ?? newId(), isNew: !known.has(index), role, index, input: details }));
  const s = new Params();
  const place = loc
    ? placeCtes(
        s,
        {
          ...(loc.address ?? {}),
          postcode: loc.address?.postcode ?? loc.postcode,
          uprn: loc.uprn ?? loc.address?.uprn,
          lat: loc.lat,
          lon: loc.lon,
          lsoaCode: loc.lsoaCode,
          lsoaName: loc.lsoaName,
          text: loc.description,
        },
        CATEGORY_IN_USE,
      )
    : null;
  const ctes = [
    reportCtes(
      s,
      {
        id,
        receivedAt: input.receivedAt,
        channel: opts.channel ?? input.channel,
        agencyId,
        recordedBy: actor?.userId ?? null,
        category: input.category,
        description: input.description,
        locationText: loc?.description ?? loc?.address?.line1 ?? null,
        lat: loc?.lat ?? null,
        lon: loc?.lon ?? null,
        lsoaCode: loc?.lsoaCode ?? null,
        anonymous: opts.anonymous,
        statusTokenHash: opts.statusTokenHash,
        importKey: opts.importKey,
      },
      place,
    ),
    newPeopleCtes(s, people.filter((p) => p.isNew).map((p) => ({ id: p.personId, input: p.input })), agencyId, REPORT_WRITTEN),
    reportPeopleCte(s, people.map((p) => ({ personId: p.personId, role: p.role, asReported: p.input }))),
    MARK_TO_LINK,
  ];
  // A known person gets all the report says of them; a new one whatever its record did not take.
  const further = people.filter((p) => !p.isNew || hasFurtherIdentifiers(p.input));
  const written = await access.writeComposed<{ reference: string; place_id: string | null }>(
    { ctes, sql: 'select reference, place_id from report', params: s.values, auditWhen: REPORT_WRITTEN, auditDetail: "jsonb_build_object('reference', (select reference from report))" },
    [{ subjectType: 'report', subjectId: id, action: 'create', fields: ['description', 'location', 'people'], detail: { people: people.map((p) => ({ personId: p.personId, role: p.role })) } }],
    further.length
      ? async (q, rows) => {
          if (!rows.length) return;
          for (const p of further) await addIdentifiers(q, p.personId, p.isNew ? { ...p.input, name: undefined, givenName: undefined, familyName: undefined, dateOfBirth: undefined } : p.input, agencyId);
        }
      : undefined,
  );
  // Nothing written: the category is unknown or retired.
  if (!written[0]) throw invalidField('body.category', `unknown category '${input.category}'; see GET /api/v1/report-categories`);
  const created = { id, reference: written[0].reference, placeId: written[0].place_id, people: people.map(({ personId, role, index, input }) => ({ personId, role, index, input })) };
  const newReport: NewReport = { ...created, receivedAt: input.receivedAt, agencyId, channel: opts.channel ?? input.channel, category: input.category, recordedBy: actor?.userId ?? null };
  // The report is stored (marked as still to be linked): a failure from here on leaves the linking to
  // be tried again shortly, then to the reports-linking-to-follow job, and the answer says so; an error
  // would invite sending it again.
  const toLink = ctx.services.reportsToLink as ReportsToLink;
  const out = { id: created.id, reference: created.reference, placeId: created.placeId, people: created.people.map(({ personId, role, index }) => ({ personId, role, index })) };
  try {
    const { links, flags, flagDetails } = await runReportHooks(ctx, access, newReport);
    toLink.linked(created.id);
    return { ...out, links, flags, flagDetails, linking: 'done' as const };
  } catch (err) {
    if (isUnavailable(err)) ctx.log.warn({ err, reportId: created.id }, 'report stored, database unavailable while linking it; linking to follow');
    else ctx.log.error({ err, reportId: created.id }, 'report stored, linking it failed; linking to follow');
    toLink.retrySoon(access, newReport);
    return {
      ...out,
      links: [],
      flags: [],
      flagDetails: {},
      linking: 'to_follow' as const,
      linkingDetail: `Report ${created.reference} is stored. Linking it to earlier reports and people, and its safeguarding checks, could not be done just now; they follow automatically, and you get a task if they find anything.`,
    };
  }
}

function reportRecord(r: ReportRow) {
  return {
    id: r.id,
    reference: r.reference,
    receivedAt: new Date(r.received_at).toISOString(),
    channel: r.channel,
    agencyId: r.reporting_agency_id,
    agencyName: r.agency_name,
    category: r.category_code,
    categoryLabel: r.category_label,
    lsoaCode: r.lsoa_code,
    postcodeSector: r.postcode_sector,
    placeId: r.place_id,
    description: r.description,
    location: { line1: r.line1, postcode: r.postcode, text: r.location_text, lat: r.lat, lon: r.lon },
  };
}

const REPORT_FIELDS = { description: 'asb_history', location: 'asb_history', people: 'asb_history' } as const;

/** Of these report ids, those that exist and the actor may know of (see `Access.sees`): what naming a report by id in a write must pass. */
export async function knownReports(access: Access, ids: string[]): Promise<Set<string>> {
  const scopes = await reportScopes(access.db, ids);
  const known = new Set<string>();
  for (const [id, scope] of scopes) if (await access.sees(scope)) known.add(id);
  return known;
}

/** One report as this actor may see it: the facts of its existence are open; content and people follow the policy. */
export async function viewReport(access: Access, id: string) {
  const [value] = await viewReports(access, [id]);
  if (!value) throw notFound('Report');
  return value;
}

/** Reports as this actor may see them, in the order given (ids with no report, or none they may see, left out), read together and audited together. */
export async function viewReports(access: Access, ids: string[]) {
  access.user();
  const [rows, scopes, named] = await Promise.all([getReports(access.db, ids), reportScopes(access.db, ids), reportPeople(access.db, ids)]);
  const people = new Map<string, typeof named>();
  for (const p of named) {
    const list = people.get(p.report_id);
    if (list) list.push(p);
    else people.set(p.report_id, [p]);
  }
  const values = [];
  const events = [];
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) continue;
    if (!(await access.sees(scopes.get(id)!))) continue;
    const onIt = (people.get(id) ?? []).map((p) => ({ personId: p.person_id, role: p.role, displayName: p.display_name }));
    // Where its linking stands is open like its existence: an agency system told `to_follow` at intake looks here.
    const { value, disclosed } = await access.filter(scopes.get(id)!, { ...reportRecord(row), linking: row.linking, people: onIt }, REPORT_FIELDS);
    values.push(value);
    events.push({ subjectType: 'report', subjectId: id, action: 'read', fields: disclosed });
  }
  await access.auditRead(events);
  return values;
}

export async function findReports(access: Access, f: { q?: string; from?: string; to?: string; postcode?: string; category?: string; agencyId?: string; page: number; pageSize: number }) {
  const actor = access.user();
  const pc = f.postcode ? (normalisePostcode(f.postcode)?.postcode ?? f.postcode.toUpperCase()) : null;
  // Where there are other areas, the area's reports only (so the total is theirs too); the policy still decides each.
  const res = await searchReports(access.db, { ...f, postcode: pc, ...page(f), agencyIds: actor.otherAreas ? actor.areaAgencyIds : undefined });
  const scopes = await reportScopes(access.db, res.rows.map((r) => r.id));
  const items = [];
  const disclosed: string[] = [];
  for (const r of res.rows) {
    if (!(await access.sees(scopes.get(r.id)!))) continue;
    const rec = reportRecord(r);
    const { value } = await access.filter(scopes.get(r.id)!, { ...rec, description: rec.description.slice(0, 300) }, { description: 'asb_history', location: 'asb_history' });
    if (typeof value.description === 'string') disclosed.push(r.id);
    items.push(value);
  }
  if (disclosed.length) await access.auditRead([{ subjectType: 'report_search', subjectId: null, action: 'search', fields: ['description', 'location'], detail: { reports: disclosed } }]);
  return { total: res.total, totalExact: res.totalExact, page: f.page, pageSize: f.pageSize, items };
}

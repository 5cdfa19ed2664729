import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { CaseMode, CaseScope } from '../../platform/access/policy.js';
import { Problem, forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { page } from '../../platform/validation.js';
import { resolvePerson } from '../people/store.js';
import { knownPerson } from '../people/service.js';
import { knownReports } from '../reports/service.js';
import { chronologyColumn, chronologyFrom } from './chronology.js';
import type { ActionInput, ActionUpdate, AttachmentInput, CaseInput, CaseUpdate, ContactInput } from './schema.js';
import * as store from './store.js';
import { newId } from '../../platform/ids.js';
import { areaAgency, areaStaff } from '../directory/service.js';

/**
 * Loads the case and checks the actor may use it this way; a case you may not read does not exist
 * for you (404). The access policy's facts come back in the same statement, and so may the route's
 * own `columns` (a select list over $1, the case id; read only once access is granted).
 */
export async function caseFor(access: Access, id: string, mode: CaseMode, columns?: string | { sql: string; params: unknown[] }) {
  access.user();
  // A route's columns may take parameters of their own ($2 on); the facts' placeholders follow them.
  const own = typeof columns === 'string' ? { sql: columns, params: [] } : columns;
  const found = await store.getCaseWithAgencies(access.db, id, { columns: own?.sql, params: own?.params, facts: access.factsColumn(2 + (own?.params.length ?? 0)) });
  if (!found) throw notFound('Case');
  access.adopt(found.facts);
  const { row, agencies } = found;
  const scope: CaseScope = { id, leadAgencyId: row.lead_agency_id, agencyIds: agencies.map((a) => a.agency_id) };
  if (!(await access.canUseCase(scope, 'read'))) throw notFound('Case');
  if (mode !== 'read' && !(await access.canUseCase(scope, mode)))
    throw forbidden(mode === 'manage' ? 'Only the lead agency\'s officers and team leaders manage this case.' : 'Only agencies that are parties to this case may add to it.');
  return { row, agencies, scope, columns: found.columns };
}

const userAgency = async (access: Access, userId: string, path: string) => (await areaStaff(access, userId, path)).agency_id;

export async function openCase(access: Access, input: z.infer<typeof CaseInput>) {
  const actor = access.requireRole('officer', 'team_leader');
  const found = await knownReports(access, input.reportIds);
  const missing = input.reportIds.filter((id) => !found.has(id));
  if (missing.length) throw invalidField(`body.reportIds.${input.reportIds.indexOf(missing[0])}`, 'no such report');
  if (input.leadOfficerId && (await userAgency(access, input.leadOfficerId, 'body.leadOfficerId')) !== actor.agencyId) throw invalidField('body.leadOfficerId', 'the lead officer must work for your agency');
  for (const [i, a] of input.partnerAgencyIds.entries()) areaAgency(access, a, `body.partnerAgencyIds.${i}`);
  return access.write(async (q, audit) => {
    const c = await store.insertCase(q, { title: input.title, caseType: input.caseType, areaId: actor.areaId, leadAgencyId: actor.agencyId, leadOfficerId: input.leadOfficerId ?? actor.userId, createdBy: actor.userId });
    for (const r of input.reportIds) await store.addReport(q, c.id, r);
    for (const a of input.partnerAgencyIds) if (a !== actor.agencyId) await store.addAgency(q, c.id, a);
    audit({ subjectType: 'case', subjectId: c.id, action: 'create', detail: { reference: c.reference, reportIds: input.reportIds, partnerAgencyIds: input.partnerAgencyIds } });
    return c;
  });
}

export async function updateCase(access: Access, id: string, u: z.infer<typeof CaseUpdate>) {
  const { row } = await caseFor(access, id, 'manage');
  if (u.leadOfficerId && (await userAgency(access, u.leadOfficerId, 'body.leadOfficerId')) !== row.lead_agency_id) throw invalidField('body.leadOfficerId', 'the lead officer must work for the lead agency');
  await access.write(async (q, audit) => {
    await q.query(
      `update cases set title = coalesce($2, title), status = coalesce($3, status), outcome = coalesce($4, outcome), lead_officer_id = coalesce($5, lead_officer_id),
         closed_at = case when $3 = 'closed' then now() when $3 is not null then null else closed_at end where id = $1`,
      [id, u.title ?? null, u.status ?? null, u.outcome ?? null, u.leadOfficerId ?? null],
    );
    audit({ subjectType: 'case', subjectId: id, action: 'update', detail: u });
  });
}

export async function addReportToCase(access: Access, id: string, reportId: string) {
  await caseFor(access, id, 'contribute');
  if (!(await knownReports(access, [reportId])).has(reportId)) throw invalidField('body.reportId', 'no such report');
  await access.write(async (q, audit) => {
    if (!(await store.addReport(q, id, reportId))) throw new Problem(409, 'That report is already on this case.');
    audit({ subjectType: 'case', subjectId: id, action: 'add_report', detail: { reportId } });
  });
}

export async function addPersonToCase(access: Access, id: string, personId: string, role: string) {
  await caseFor(access, id, 'contribute');
  const pid = await knownPerson(access, personId);
  if (!pid) throw invalidField('body.personId', 'no such person');
  await access.write(async (q, audit) => {
    if (!(await store.addPerson(q, id, pid, role))) throw new Problem(409, 'That person already has this role on the case.');
    audit({ subjectType: 'case', subjectId: id, action: 'add_person', detail: { personId: pid, role } });
  });
}

export async function addAgencyToCase(access: Access, id: string, agencyId: string) {
  await caseFor(access, id, 'manage');
  areaAgency(access, agencyId, 'body.agencyId');
  await access.write(async (q, audit) => {
    if (!(await store.addAgency(q, id, agencyId))) throw new Problem(409, 'That agency is already a party to this case.');
    audit({ subjectType: 'case', subjectId: id, action: 'add_agency', detail: { agencyId } });
  });
}

export async function addAction(access: Access, id: string, a: z.infer<typeof ActionInput>, source?: { kind: string; id: string }) {
  const actor = access.user();
  await caseFor(access, id, 'contribute');
  const ownerAgencyId = await userAgency(access, a.ownerUserId, 'body.ownerUserId');
  return access.write(async (q, audit) => {
    const actionId = await store.insertAction(q, { caseId: id, description: a.description, ownerUserId: a.ownerUserId, ownerAgencyId, dueDate: a.dueDate ?? null, createdBy: actor.userId, source: source?.kind, sourceId: source?.id });
    audit({ subjectType: 'case_action', subjectId: actionId, action: 'create', detail: { caseId: id, ownerUserId: a.ownerUserId, dueDate: a.dueDate } });
    return { id: actionId };
  });
}

export async function updateAction(access: Access, id: string, actionId: string, u: z.infer<typeof ActionUpdate>) {
  await caseFor(access, id, 'contribute');
  const ownerAgencyId = u.ownerUserId ? await userAgency(access, u.ownerUserId, 'body.ownerUserId') : null;
  await access.write(async (q, audit) => {
    const r = await q.query(
      `update case_actions set status = coalesce($3, status), due_date = coalesce($4, due_date), owner_user_id = coalesce($5, owner_user_id),
         owner_agency_id = coalesce($6, owner_agency_id), completed_at = case when $3 = 'done' then now() when $3 is not null then null else completed_at end
       where id = $2 and case_id = $1`,
      [id, actionId, u.status ?? null, u.dueDate ?? null, u.ownerUserId ?? null, ownerAgencyId],
    );
    if (r.rowCount === 0) throw notFound('Action');
    audit({ subjectType: 'case_action', subjectId: actionId, action: 'update', detail: u });
  });
}

export async function addNote(access: Access, id: string, body: string) {
  const actor = access.user();
  await caseFor(access, id, 'contribute');
  return access.write(async (q, audit) => {
    const noteId = newId();
    await q.query('insert into case_notes (id, case_id, agency_id, author_id, body) values ($1,$2,$3,$4,$5)', [noteId, id, actor.agencyId, actor.userId, body]);
    audit({ subjectType: 'case_note', subjectId: noteId, action: 'create', detail: { caseId: id } });
    return { id: noteId };
  });
}

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'text/plain': (b) => !b.includes(0),
  'text/csv': (b) => !b.includes(0),
};

/** Stores a document after checking its size and that its bytes really are the type it claims. */
export async function addAttachment(ctx: AppContext, access: Access, id: string, a: z.infer<typeof AttachmentInput>) {
  const actor = access.user();
  await caseFor(access, id, 'contribute');
  const bytes = Buffer.from(a.contentBase64, 'base64');
  if (bytes.length === 0) throw invalidField('body.contentBase64', 'is empty');
  if (bytes.length > ctx.config.ATTACHMENT_MAX_BYTES) throw invalidField('body.contentBase64', `the file is ${bytes.length} bytes; the limit is ${ctx.config.ATTACHMENT_MAX_BYTES}`);
  if (!MAGIC[a.contentType](bytes)) throw invalidField('body.contentType', `the file content is not ${a.contentType}`);
  const attachmentId = newId();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = ctx.config.ATTACHMENT_DIR;
  return access.write(async (q, audit) => {
    let path: string | null = null;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      path = join(dir, attachmentId);
    }
    await q.query('insert into attachments (id, case_id, agency_id, filename, content_type, size_bytes, sha256, content, path, uploaded_by) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)', [
      attachmentId,
      id,
      actor.agencyId,
      a.filename,
      a.contentType,
      bytes.length,
      sha256,
      dir ? null : bytes,
      path,
      actor.userId,
    ]);
    // Written last, inside the transaction: a failed write rolls the row back with it.
    if (path) writeFileSync(path, bytes);
    audit({ subjectType: 'attachment', subjectId: attachmentId, action: 'create', detail: { caseId: id, filename: a.filename, sha256 } });
    return { id: attachmentId, sha256, sizeBytes: bytes.length };
  });
}

export async function getAttachment(access: Access, id: string, attachmentId: string) {
  const { scope } = await caseFor(access, id, 'read');
  const r = await access.db.query<{ filename: string; content_type: string; content: Buffer | Uint8Array | null; path: string | null; agency_id: string }>(
    'select filename, content_type, content, path, agency_id from attachments where id = $1 and case_id = $2',
    [attachmentId, id],
  );
  const a = r.rows[0];
  if (!a) throw notFound('Attachment');
  const decision = await access.allows({ ownerAgencyIds: [a.agency_id], caseAgencyIds: scope.agencyIds, caseIds: [id] }, 'case_notes');
  if (decision !== 'allow') throw forbidden('This document is held by another agency and not covered by an information sharing agreement for this purpose.');
  await access.auditRead([{ subjectType: 'attachment', subjectId: attachmentId, action: 'read', fields: ['content'] }]);
  const content = a.content ? Buffer.from(a.content) : readFileSync(a.path!);
  return { filename: a.filename, contentType: a.content_type, content };
}

export async function addContact(ctx: AppContext, access: Access, id: string, c: z.infer<typeof ContactInput>) {
  const actor = access.user();
  await caseFor(access, id, 'contribute');
  const pid = await resolvePerson(access.db, c.personId);
  const onCase = pid ? await access.db.query('select 1 from case_people where case_id = $1 and person_id = $2', [id, pid]) : { rowCount: 0 };
  if (!pid || onCase.rowCount === 0) throw invalidField('body.personId', 'this person is not on the case');
  const result = await access.write(async (q, audit) => {
    const contactId = newId();
    await q.query(
      `insert into contacts (id, case_id, person_id, agency_id, by_user_id, contacted_at, method, summary, demeanour, home_conditions, coping, updated_on_progress, deterioration, feels_safer)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [contactId, id, pid, actor.agencyId, actor.userId, c.contactedAt, c.method, c.summary, c.demeanour ?? null, c.homeConditions ?? null, c.coping ?? null, c.updatedOnProgress, c.deterioration, c.feelsSafer ?? null],
    );
    audit({ subjectType: 'contact', subjectId: contactId, action: 'create', detail: { caseId: id, personId: pid, deterioration: c.deterioration } });
    return { id: contactId };
  });
  // Other modules react (a deterioration prompts an early risk review; victims' update clocks restart).
  for (const hook of (ctx.services.contactHooks as ContactHook[] | undefined) ?? []) await hook(access, { ...c, caseId: id, personId: pid, contactId: result.id });
  return result;
}

export type ContactHook = (access: Access, c: { caseId: string; personId: string; contactId: string; deterioration: boolean; contactedAt: string; updatedOnProgress: boolean }) => Promise<void>;

/** The merged multi-agency chronology, oldest first; entries the actor may not see stay on the clock as "withheld". */
export async function chronology(ctx: AppContext, access: Access, id: string) {
  // The entries come back with the case and the policy's facts: one statement.
  const { scope, columns } = await caseFor(access, id, 'read', chronologyColumn(ctx));
  const all = chronologyFrom(ctx, columns.chronology);
  const out = [];
  const disclosed: string[] = [];
  for (const e of all) {
    const d = await access.allows({ ownerAgencyIds: [e.agencyId], caseAgencyIds: scope.agencyIds, caseIds: [id] }, e.category);
    if (d === 'allow') {
      out.push(e);
      disclosed.push(`${e.ref.type}:${e.ref.id}`);
    } else out.push({ at: e.at, kind: e.kind, agencyId: e.agencyId, agencyName: e.agencyName, category: e.category, withheld: true, title: `${e.kind} recorded by ${e.agencyName}`, summary: `Withheld: ask ${e.agencyName}.` });
  }
  await access.auditRead([{ subjectType: 'case', subjectId: id, action: 'read_chronology', fields: disclosed.length ? ['chronology'] : [], detail: { entries: disclosed.length } }]);
  return { caseId: id, entries: out };
}

type RiskLevelName = 'standard' | 'medium' | 'high';
/** The risk filter of a case list: per lens, the highest current levels wanted. */
export interface CaseRiskWanted {
  harmFaced?: RiskLevelName[];
  harmPosed?: RiskLevelName[];
  /** On either lens. */
  harmEither?: RiskLevelName[];
  /** A side nobody on the case has been assessed on: that lens, either (one missing) or both. */
  unassessed?: 'harmFaced' | 'harmPosed' | 'either' | 'both';
}
export type CaseRiskCondition = store.CaseCondition;
/**
 * `ctx.services.caseRiskFilter` (the risk module provides it). The risk module owns how a case's current
 * levels are derived and who may see them, so it hands the case list a SQL condition rather than the cases
 * module joining on its tables: the filter runs in SQL before paging, and this module imports no risk code.
 */
export type CaseRiskFilter = (access: Access, wanted: CaseRiskWanted) => Promise<CaseRiskCondition>;

export async function listCases(
  access: Access,
  f: { status?: string; mine?: string; q?: string; harmFaced?: RiskLevelName[]; harmPosed?: RiskLevelName[]; harmEither?: RiskLevelName[]; unassessed?: CaseRiskWanted['unassessed']; page: number; pageSize: number },
  riskFilter?: CaseRiskFilter,
) {
  const actor = access.user();
  const wanted: CaseRiskWanted = { harmFaced: f.harmFaced, harmPosed: f.harmPosed, harmEither: f.harmEither, unassessed: f.unassessed };
  const asked = (['harmFaced', 'harmPosed', 'harmEither'] as const).find((k) => wanted[k]?.length) ?? (wanted.unassessed ? 'unassessed' : undefined);
  if (asked && !riskFilter) throw invalidField(`querystring.${asked}`, 'risk levels are not available here');
  const risk = asked && riskFilter ? await riskFilter(access, wanted) : undefined;
  const { total, totalExact, rows } = await store.listCases(access.db, {
    agencyId: actor.agencyId,
    seeAll: false,
    status: f.status,
    officerId: f.mine === 'true' ? actor.userId : undefined,
    q: f.q,
    risk,
    ...page(f),
  });
  return {
    total,
    totalExact,
    page: f.page,
    pageSize: f.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      caseType: r.case_type,
      status: r.status,
      leadAgencyName: r.lead_agency_name,
      leadOfficerName: r.lead_officer_name,
      openedAt: new Date(r.opened_at).toISOString(),
      peopleCount: r.people_count,
      reportCount: r.report_count,
      lastReportAt: r.last_report_at ? new Date(r.last_report_at).toISOString() : null,
    })),
  };
}

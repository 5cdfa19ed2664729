import type { Access } from '../../platform/access/access.js';
import type { Category, FieldMap } from '../../platform/access/policy.js';
import { notFound } from '../../platform/errors.js';
import { page } from '../../platform/validation.js';
import { normalisePostcode } from '../places/address.js';
import { loadPerson, personScopes, resolvePerson, SEARCH_FACTS_FROM, searchPeople, type PersonRecord } from './store.js';

/** Which category of personal data each field of a person belongs to (drives the access policy). */
export function personFields(isChild: boolean): FieldMap<PersonRecord> {
  const identity: Category = isChild ? 'children' : 'identity';
  return {
    displayName: 'minimal_identity',
    dateOfBirth: identity,
    gender: identity,
    names: identity,
    birthDates: identity,
    contacts: 'contact',
    addresses: 'contact',
    households: 'contact',
    roles: 'asb_history',
    cases: 'asb_history',
  };
}

/**
 * The person's current record (following merges) if it exists and the actor may know of it (see
 * `Access.sees`), else null: what naming a person by id in a write must pass. Without a user (the
 * public portal, imports) only existence counts.
 */
export async function knownPerson(access: Access, rawId: string): Promise<string | null> {
  const id = await resolvePerson(access.db, rawId);
  return id && (await personSeen(access, id)) ? id : null;
}

/** Whether the actor may know of this (current) person record at all (see `Access.sees`); without a user, yes. */
export async function personSeen(access: Access, id: string): Promise<boolean> {
  return (await peopleSeen(access, [id])).length > 0;
}

/** Which of these (current) person records the actor may know of: their scopes read in one statement. */
export async function peopleSeen(access: Access, ids: string[]): Promise<string[]> {
  if (!access.actor) return ids;
  const scopes = await personScopes(access.db, ids);
  const seen: string[] = [];
  for (const id of ids) {
    const scope = scopes.get(id);
    if (scope && (await access.sees(scope))) seen.push(id);
  }
  return seen;
}

/** One person as this actor may see them; the read is audited with the fields disclosed. */
export async function viewPerson(access: Access, rawId: string) {
  access.user();
  const id = (await resolvePerson(access.db, rawId)) ?? rawId;
  const person = await loadPerson(access.db, id);
  if (!person) throw notFound('Person');
  const scope = (await personScopes(access.db, [id])).get(id)!;
  if (!(await access.sees(scope))) throw notFound('Person');
  const { value, disclosed } = await access.filter(scope, person, personFields(person.isChild));
  await access.auditRead([{ subjectType: 'person', subjectId: id, action: 'read', fields: disclosed }]);
  return { ...value, mergedFrom: rawId !== id ? rawId : undefined };
}

/** Search results carry only what the policy allows: outside one's cases that is the name alone. */
export async function findPeople(access: Access, f: { q?: string; dateOfBirth?: string; postcode?: string; page: number; pageSize: number }) {
  const actor = access.user();
  const pc = f.postcode ? (normalisePostcode(f.postcode)?.postcode ?? f.postcode.toUpperCase()) : null;
  // The policy's facts come back with the results: one statement.
  const res = await searchPeople(access.db, { ...f, postcode: pc, ...page(f), facts: access.factsColumn(SEARCH_FACTS_FROM), areaAgencyIds: actor.otherAreas ? actor.areaAgencyIds : null });
  access.adopt(res.facts);
  const items = [];
  const disclosedIds: string[] = [];
  for (const item of res.items) {
    const scope = item.scope;
    // Another area's people are not found at all (nor counted: the search keeps to the area).
    if (!(await access.sees(scope))) continue;
    const full = (await access.allows(scope, 'identity')) === 'allow';
    const { value } = await access.filter(scope, { id: item.id, displayName: item.displayName, score: item.score }, { displayName: 'minimal_identity' });
    if ('displayName' in value) disclosedIds.push(item.id);
    items.push({ ...value, fullRecordAvailable: full });
  }
  if (disclosedIds.length) await access.auditRead([{ subjectType: 'person_search', subjectId: null, action: 'search', fields: ['displayName'], detail: { q: f.q ?? null, people: disclosedIds } }]);
  return { total: res.total, totalExact: res.totalExact, page: f.page, pageSize: f.pageSize, items };
}

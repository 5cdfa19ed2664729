/** Generators of hostile input shaped by each route's own JSON Schema (from the API document). */
import fc from 'fast-check';

export interface Schema {
  type?: string | string[];
  name?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  maxLength?: number;
  maximum?: number;
  schema?: Schema;
}

/** SQL injection, script injection, path and encoding probes every text field must treat as text. */
export const PROBES = [
  "'; drop table reports; --",
  "' OR '1'='1",
  '1; select pg_sleep(5)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '../../../../etc/passwd',
  '\u202eevil\u202c',
  'Zoë Ní Bhriain-O’Connor 👩‍👧',
  '$(rm -rf /)',
  '%00%27',
];

const junk = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constantFrom(...PROBES),
);

const text = (max = 200) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...PROBES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(Math.min(max + 1, 100_001))) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u0000', 'a\u0000b') },
  );

const isoDate = fc.date({ min: new Date('1880-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());

function typed(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => shaped(a, depth)));
  if (s.allOf?.length) return shaped(Object.assign({}, ...s.allOf), depth);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      if (depth > 3 || !s.properties) return fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 });
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(s.properties)) model[k] = shaped(v, depth + 1);
      // Sometimes every field, sometimes some: required fields go missing as often as not.
      return fc.oneof(fc.record(model), fc.record(model, { requiredKeys: [] }), fc.record({ ...model, unexpected: junk }, { requiredKeys: [] }));
    }
    case 'array':
      return fc.array(s.items ? shaped(s.items, depth + 1) : junk, { maxLength: 4 });
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.integer(), fc.constantFrom(2 ** 53, -(2 ** 31) - 1));
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0.5, 1e308, 90.0001, -180.5));
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constant('00000000-0000-4000-8000-000000000001'), fc.string({ maxLength: 36 }));
      if (s.format === 'date') return fc.oneof(isoDate.map((d) => d.slice(0, 10)), fc.constantFrom('2026-02-30', '0000-00-00', '2026-13-01'));
      if (s.format === 'date-time') return fc.oneof(isoDate, fc.constantFrom('2026-01-01T25:00:00Z', 'yesterday', '2026-01-01'));
      if (s.format === 'email') return fc.oneof(fc.emailAddress(), fc.constantFrom('not-an-email', '@', 'a@b'));
      return text(s.maxLength);
    default:
      return junk;
  }
}

/** Mostly well-shaped, sometimes wrong-typed: bad input reaches the validators and the handlers. */
export function shaped(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: typed(s, depth) }, { weight: 1, arbitrary: junk });
}

/** A request body: shaped by the route's schema, or any JSON at all. */
export function bodyFor(s: Schema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: typed(s, 0) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
}

/** A query string for the route's declared parameters, each present or not, typed or not. */
export function queryFor(params: Schema[]): fc.Arbitrary<Record<string, string>> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const p of params) if (p.name) model[p.name] = shaped(p.schema ?? {}).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

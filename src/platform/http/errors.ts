import type { FastifyError } from 'fastify';
import type { AnyApp } from '../http/context.js';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, problemBody, type FieldError } from '../errors.js';
import { isUnavailable } from '../db/db.js';

function fieldPath(context: string | undefined, instancePath: string | undefined, params?: Record<string, unknown>): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  const missing = params && typeof params.missingProperty === 'string' ? [params.missingProperty] : [];
  return [context ?? 'body', ...parts, ...missing].join('.');
}

/** Database refusals that are the client's doing (bad reference, duplicate), not a server fault. */
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  '22P02': [400, 'A value has the wrong format.'],
  '22007': [400, 'A date or time is not valid.'],
  '22008': [400, 'A date or time is out of range.'],
  '22001': [400, 'A value is too long.'],
  '22003': [400, 'A number is out of range.'],
  '23502': [400, 'A required value is missing.'],
  '23503': [409, 'This refers to a record that does not exist or is still in use.'],
  '23505': [409, 'A record with these details already exists.'],
  '23514': [400, 'A value is not allowed.'],
};

/** Every failure leaves as RFC 9457 problem JSON; a server fault never shows its stack. */
export function installErrorHandling(app: AnyApp, opts: { spa?: boolean } = {}) {
  app.setErrorHandler((err: FastifyError | Problem | Error, req, reply) => {
    reply.type('application/problem+json');
    if (err instanceof Problem) return reply.code(err.status).send(err.toBody());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = (err as { validationContext?: string }).validationContext;
      const errors: FieldError[] = err.validation.map((v) => ({
        path: fieldPath(ctx, v.instancePath, v.params as Record<string, unknown>),
        message: v.message ?? 'is invalid',
      }));
      return reply.code(400).send(problemBody(400, `Invalid request: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const errors = fe.validation.map((v) => ({ path: fieldPath(fe.validationContext, v.instancePath, v.params as Record<string, unknown>), message: v.message ?? 'is invalid' }));
      return reply.code(400).send(problemBody(400, `Invalid request: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors));
    }
    if (isUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      return reply.code(503).header('retry-after', '5').send(problemBody(503, 'The database is not reachable just now; nothing was saved. Try again shortly.'));
    }
    const pgCode = (err as { code?: string }).code;
    if (pgCode && PG_CLIENT_ERRORS[pgCode]) {
      const [status, detail] = PG_CLIENT_ERRORS[pgCode];
      req.log.info({ err }, 'database rejected input');
      return reply.code(status).send(problemBody(status, detail));
    }
    const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
    if (status < 500) {
      const field = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fe.message) ? 'body' : undefined;
      return reply.code(status).send(problemBody(status, fe.message, field ? [{ path: field, message: fe.message }] : undefined));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(problemBody(500, 'Something went wrong on our side; nothing was saved. The error has been logged.'));
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    // The web app routes on the client: its pages (not API paths, not files) get index.html.
    if (opts.spa && req.method === 'GET' && !path.startsWith('/api/') && !path.includes('.')) return reply.type('text/html').sendFile('index.html');
    reply.code(404).type('application/problem+json').send(problemBody(404, `No route ${req.method} ${req.url.split('?')[0]}.`));
  });
}

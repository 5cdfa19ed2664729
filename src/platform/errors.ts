/** RFC 9457 problem details: every 4xx/5xx the API sends has this shape. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A failure the client can act on; thrown anywhere, rendered as problem JSON by the error handler. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors?: FieldError[],
    readonly extra: Record<string, unknown> = {},
    readonly slug = 'about:blank',
  ) {
    super(detail);
  }

  toBody(): ProblemBody {
    const body: ProblemBody = {
      type: this.slug === 'about:blank' ? 'about:blank' : `https://convene.example/problems/${this.slug}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...this.extra,
    };
    if (this.errors?.length) body.errors = this.errors;
    return body;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, detail, errors, {}, 'validation');
export const invalidField = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }]);
export const unauthorized = (detail = 'Sign in or send an API token.') => new Problem(401, detail, undefined, {}, 'unauthenticated');
export const forbidden = (detail = 'Your role or agency may not do this.') => new Problem(403, detail, undefined, {}, 'forbidden');
export const notFound = (what: string) => new Problem(404, `${what} was not found.`, undefined, {}, 'not-found');
export const conflict = (detail: string, extra: Record<string, unknown> = {}, slug = 'conflict') => new Problem(409, detail, undefined, extra, slug);

export function problemBody(status: number, detail: string, errors?: FieldError[]): ProblemBody {
  return new Problem(status, detail, errors).toBody();
}

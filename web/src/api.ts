/** A thin client for the Convene API: session cookie plus the CSRF token for writes. */
let csrf: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { detail?: string; errors?: { path: string; message: string }[]; missing?: { message: string }[] },
  ) {
    super(body.detail ?? `Request failed (${status})`);
  }
}

/** `purpose`: why the data is asked for (the access policy and the audit log both read it); case management when absent. */
export async function api<T = unknown>(path: string, opts: { method?: string; body?: unknown; purpose?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.purpose) headers['x-convene-purpose'] = opts.purpose;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.method && opts.method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/api/v1${path}`, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: 'same-origin' });
  if (res.status === 204) return null as T;
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof body === 'object' ? body : { detail: String(body) });
  return body as T;
}

export interface Me {
  user: { id: string; displayName: string; role: string; agencyId: string; teamId: string | null; areaId: string };
  csrfToken: string | null;
}

export async function login(email: string, password: string): Promise<Me> {
  const me = await api<Me>('/auth/login', { method: 'POST', body: { email, password } });
  csrf = me.csrfToken;
  return me;
}

export async function whoAmI(): Promise<Me | null> {
  try {
    const me = await api<Me>('/auth/me');
    csrf = me.csrfToken;
    return me;
  } catch {
    return null;
  }
}

export async function logout() {
  await api('/auth/logout', { method: 'POST' });
  csrf = null;
}

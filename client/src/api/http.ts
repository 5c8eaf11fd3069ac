/**
 * The dashboard's HTTP client: same-origin fetch with the session cookie, the CSRF token on
 * writes, JSON in and out, and the server's {error:{code,message}} as a thrown ApiError.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => (csrfToken = token);

let onUnauthenticated: () => void = () => {};
export const whenSignedOut = (fn: () => void) => (onUnauthenticated = fn);

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/auth/login') onUnauthenticated();
    throw new ApiError(res.status, data?.error?.code ?? 'http_error', data?.error?.message ?? `The server answered ${res.status}.`);
  }
  return data as T;
}

export const get = <T = unknown>(path: string) => api<T>('GET', path);
export const post = <T = unknown>(path: string, body?: unknown) => api<T>('POST', path, body);
export const patch = <T = unknown>(path: string, body?: unknown) => api<T>('PATCH', path, body);
export const put = <T = unknown>(path: string, body?: unknown) => api<T>('PUT', path, body);
export const del = <T = unknown>(path: string) => api<T>('DELETE', path);

/** What to show for a failure caught from anything (an ApiError, a network TypeError, or a non-Error throw). */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

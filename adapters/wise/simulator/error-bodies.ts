/**
 * Wise's error body for a status the fault knobs make the simulator answer with, in whichever of
 * its three shapes Wise uses for it (docs/providers/wise.md, "Errors and limits": docs/providers/wise.md):
 * `errors[]` for validation and business errors (a 409 is `NOT_UNIQUE`), `{error, error_description}`
 * for auth, its framework's body for 5xx. A 429 has an empty body: none here.
 */
export function wiseErrorBody(status: number): unknown {
  switch (status) {
    case 400:
      return { errors: [{ code: 'NOT_VALID', message: 'The request is not valid', path: 'body', arguments: [] }] };
    case 401:
      return { error: 'invalid_token', error_description: 'Invalid access token' };
    case 403:
      return { error: 'access_denied', error_description: 'Access is denied' };
    case 404:
      return { errors: [{ code: 'NOT_FOUND', message: 'Resource not found', path: 'id', arguments: [] }] };
    case 409:
      return { errors: [{ code: 'NOT_UNIQUE', message: 'You’re already a member. Please login', path: 'email', arguments: [] }] };
    case 429:
      return undefined;
    default:
      return status >= 500
        ? {
            timestamp: new Date().toISOString(),
            status,
            error: 'Service Unavailable',
            exception: 'java.lang.IllegalStateException',
            message: 'Unexpected failure',
            path: '/',
          }
        : undefined;
  }
}

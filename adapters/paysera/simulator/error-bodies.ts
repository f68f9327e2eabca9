/**
 * Paysera's error body for a status the fault knobs make the simulator answer with, in its one
 * error shape `{error, error_description}` and its documented codes (docs/providers/paysera.md, "Errors":
 * docs/providers/paysera.md). A 409 is the duplicate the seed's user codes name. Paysera documents
 * no 5xx body: those answer with the fault knobs' empty object.
 */
const BY_STATUS: Readonly<Record<number, { error: string; error_description: string }>> = {
  400: { error: 'invalid_request', error_description: 'The request is missing a required parameter or is otherwise malformed' },
  401: { error: 'unauthorized', error_description: 'Client authentication failed' },
  403: { error: 'forbidden', error_description: 'Client has no permission to access this resource' },
  404: { error: 'not_found', error_description: 'Requested resource was not found' },
  409: { error: 'email_already_assigned', error_description: 'This email is already assigned to another user' },
  429: { error: 'rate_limit_exceeded', error_description: 'Too many requests, try again later' },
};

export function payseraErrorBody(status: number): unknown {
  return BY_STATUS[status];
}

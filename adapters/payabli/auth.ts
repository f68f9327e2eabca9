/**
 * Payabli authenticates every call with one header, `requestToken: <token>`
 * (https://docs.payabli.com/developers/api-reference/user/get-user-in-an-organization, "Authorizations").
 * User management needs an application token; Payabli refuses organization tokens there.
 */
export function requestTokenHeaders(requestToken: string): Record<string, string> {
  return { requestToken };
}

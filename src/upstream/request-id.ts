import type { ProviderErrorSummary } from '../errors';

/**
 * The provider's own id of a request, which its support asks for: where each provider puts it is
 * data (`AdapterDefinition.requestIdHeaders`); these are the common spellings, read when an adapter
 * says nothing.
 */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ['x-request-id', 'request-id', 'x-correlation-id', 'x-trace-id'];

/** Passed on only when it looks like an id: a header is the provider's to fill, and the value reaches clients and traces. */
const REQUEST_ID = /^[\w.:/+=-]{1,128}$/;

/** The first of `names` (lower case) the response carries with an id-like value. */
export function providerRequestId(headers: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers[name.toLowerCase()]?.trim();
    if (value !== undefined && REQUEST_ID.test(value)) return value;
  }
  return undefined;
}

/** What a provider's failed answer tells the client about itself: its status, and its request id when it sent one. */
export function answerSummary(response: { status: number; requestId?: string }, code?: string): ProviderErrorSummary {
  return {
    status: response.status,
    ...(code !== undefined && { code }),
    ...(response.requestId !== undefined && { requestId: response.requestId }),
  };
}

import type { GatewayError } from '../../src/errors';
import { errorBodyOf, providerError, type MappedError, type ProviderErrorTable } from '../../src/provider-kit/errors';
import type { UpstreamResponse } from '../../src/upstream/client';
import { withDocumentedKeys } from './casing';
import { payabliEnvelopeSchema, payabliErrorDetailsSchema } from './schema';
import type { PayabliEnvelope } from './types';

/**
 * How Payabli's failures read. Payabli declares only 400/401/500/503, answers "not found" as a 400
 * whose body says so, and may answer a failure with HTTP 200 and `isSuccess: false`: a rejection
 * is read from its envelope's words, everything else from its status.
 */
const PAYABLI_ERRORS: ProviderErrorTable = {
  provider: 'Payabli',
  byStatus: {
    401: {
      code: 'provider_error',
      detail: "Payabli refused this connection's credentials (user management needs an application requestToken, or an OAuth client's bearer token).",
    },
    403: {
      code: 'provider_error',
      detail: "Payabli refused this connection's credentials (user management needs an application requestToken, or an OAuth client's bearer token).",
    },
    404: { code: 'provider_error', detail: "Payabli has no such endpoint (check the connection's baseUrl)." },
  },
};
const NOT_FOUND = /\bnot\s+found\b|\bdoes\s*n[o']t\s+exist\b|\bno\s+such\s+user\b/i;
const ALREADY_EXISTS = /\balready\s+(exists?|in\s+use|registered|taken)\b|\bduplicate\b/i;
/** An email address, or a run of digits that could be a phone number or an account number. */
const LOOKS_PERSONAL = /@|\d{5,}/;
const MAX_EXPLANATION_LENGTH = 300;

export function isPayabliFailure(response: UpstreamResponse): boolean {
  return response.status < 200 || response.status >= 300 || readEnvelope(response)?.isSuccess === false;
}

/** The error a failed response stands for; `sent` is the body that was sent (see `safeExplanation`). */
export function payabliError(response: UpstreamResponse, connection: string, sent?: unknown): GatewayError {
  const envelope = readEnvelope(response);
  const { status } = response;
  const rejection = status === 200 || status === 400 || status === 409 || status === 422 ? rejectionOf(envelope, sent) : undefined;
  const table = rejection ? { ...PAYABLI_ERRORS, byStatus: { ...PAYABLI_ERRORS.byStatus, [status]: rejection } } : PAYABLI_ERRORS;
  const responseCode = envelope?.responseCode;
  return providerError(table, response, connection, { code: responseCode == null ? undefined : String(responseCode) });
}

/** What a rejection's words say: no such user, one that already exists, or a request to fix (with Payabli's vetted explanation). */
function rejectionOf(envelope: PayabliEnvelope | undefined, sent: unknown): MappedError {
  const explanation = explanationOf(envelope);
  const said = `${envelope?.responseText ?? ''} ${explanation ?? ''}`;
  if (NOT_FOUND.test(said)) return { code: 'user_not_found', detail: 'Payabli has no such user.' };
  if (ALREADY_EXISTS.test(said)) return { code: 'conflict', detail: 'Payabli already has a user with those details.' };
  return { code: 'invalid_request', detail: safeExplanation(explanation, sent) ?? 'Payabli rejected the request as invalid.' };
}

/**
 * NOTE: `responseData.explanation` is the one piece of Payabli's text a client may see, because it
 * says how to fix a rejected request ("Provide a value between -12 and +12"). It is used only for
 * validation-type errors (never for auth, not-found or conflict answers, which can name accounts), and
 * only when it cannot carry personal data: nothing that looks like an email or a phone number, and
 * no value from the body that was sent. Otherwise the detail stays generic.
 */
export function safeExplanation(explanation: string | undefined, sent: unknown): string | undefined {
  const text = explanation?.replace(/\s+/g, ' ').trim();
  if (!text || text.length > MAX_EXPLANATION_LENGTH || LOOKS_PERSONAL.test(text)) return undefined;
  const lowerText = text.toLowerCase();
  const echoes = valuesIn(sent).some((value) => value.length >= 3 && lowerText.includes(value.toLowerCase()));
  return echoes ? undefined : `Payabli: ${text}`;
}

function valuesIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (value && typeof value === 'object') return Object.values(value).flatMap(valuesIn);
  return [];
}

function readEnvelope(response: UpstreamResponse): PayabliEnvelope | undefined {
  const envelope = payabliEnvelopeSchema.validate(withDocumentedKeys(errorBodyOf(response)), { allowUnknown: true });
  return envelope.error ? undefined : envelope.value;
}

function explanationOf(envelope: PayabliEnvelope | undefined): string | undefined {
  if (envelope?.responseData == null) return undefined;
  const details = payabliErrorDetailsSchema.validate(envelope.responseData, { allowUnknown: true });
  return details.error || !details.value.explanation ? undefined : details.value.explanation;
}

import type Joi from 'joi';
import { GatewayError } from '../errors';
import type { UpstreamResponse } from './client';
import { answerSummary } from './request-id';

/**
 * Validates a provider's body against the adapter's schema of it before any mapping (DESIGN §6).
 * New fields are tolerated; a missing or mistyped documented field is the provider's error.
 * The message names the field, never its value.
 */
export function parseBody<T>(response: UpstreamResponse, schema: Joi.Schema<T>, connection: string): T {
  const result = schema.validate(response.json(), { allowUnknown: true, abortEarly: true, convert: false });
  if (result.error) {
    const path = result.error.details[0]?.path ?? [];
    const where = path.length ? path.join('.') : 'body';
    throw new GatewayError('provider_error', `The provider's response does not match its documented shape at "${where}".`, {
      origin: 'provider',
      connection,
      providerError: answerSummary(response),
    });
  }
  return result.value;
}

import type Joi from 'joi';
import { GatewayError } from '../errors';
import type { UpstreamResponse } from './client';
import { answerSummary } from './request-id';
import { compileShapeCheck, type ShapeCheck } from './shape-check';

/** Each schema's compiled check, made on its first body (null: joi alone judges it). */
const shapeChecks = new WeakMap<Joi.Schema, ShapeCheck | null>();

/**
 * Validates a provider's body against the adapter's schema of it before any mapping (DESIGN §6).
 * New fields are tolerated; a missing or mistyped documented field is the provider's error.
 * The message names the field, never its value.
 */
export function parseBody<T>(response: UpstreamResponse, schema: Joi.Schema<T>, connection: string): T {
  const body = response.json();
  if (shapeCheckOf(schema)?.(body)) return body as T;
  const result = schema.validate(body, BODY_PREFERENCES);
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

/** What `compileShapeCheck` assumes: unknown keys tolerated, nothing converted. */
const BODY_PREFERENCES: Joi.ValidationOptions = { allowUnknown: true, abortEarly: true, convert: false };

function shapeCheckOf(schema: Joi.Schema): ShapeCheck | undefined {
  let check = shapeChecks.get(schema);
  if (check === undefined) {
    check = compileShapeCheck(schema) ?? null;
    shapeChecks.set(schema, check);
  }
  return check ?? undefined;
}

import Joi from 'joi';
import type { Scope } from '../auth/principal';
import type { CallContext } from '../upstream/client';
import type { HttpMethod } from '../upstream/request';

/**
 * A provider-only operation: something one provider can do that the canonical model has no
 * word for (a phone confirmation, a contact email, MFA settings...). Its adapter declares
 * it; the gateway serves it under `/v1/connections/{connection}{path}`, checks scopes, validates
 * every part of the request, documents it in OpenAPI and lists it in the connection's capabilities.
 */
export interface ProviderOperation {
  /** Stable, camelCase (`confirmPhone`); unique within the adapter. */
  id: string;
  summary: string;
  method: HttpMethod;
  /** Express-style path below the connection (`/users/:userId/phone/confirm`). */
  path: string;
  /** Every scope the caller needs: the scope its data needs (`users:pii` for personal data). */
  scopes: Scope[];
  /** Path parameters stay strings. */
  params?: Joi.ObjectSchema<Record<string, string>>;
  query?: Joi.ObjectSchema<Record<string, unknown>>;
  body?: OperationBody;
  /**
   * What the gateway answers with (validated before it is sent, and documented): a joi schema of
   * a JSON body, the canonical user, or a document passed through. A handler that returns nothing
   * answers 204.
   */
  response?: Joi.Schema<unknown> | OperationResponse;
  /** 200 by default; 204 sends no body. */
  successStatus?: number;
  /** Safe to repeat (reads, PUTs of the same value). Non-idempotent writes honour `Idempotency-Key`. */
  idempotent: boolean;
  /** For the OpenAPI document only; a test holds it to the schemas above. */
  example?: OperationExample;
  handler(input: OperationInput, context: CallContext): Promise<unknown>;
}

/** Realistic but obviously fake values: example.com emails, the demo's ids (docs/demo-data.md). */
export interface OperationExample {
  /** A JSON request body. */
  body?: unknown;
  /**
   * The answer: a JSON body; for a `user` answer, the provider user fields the handler returns
   * (the gateway gives them their global id, as it does a real answer); for a document, its text.
   */
  response?: unknown;
}

export type OperationBody = { kind: 'json'; schema: Joi.Schema<unknown> } | { kind: 'binary'; contentTypes: string[]; maxBytes: number };

export type OperationResponse =
  /** The handler returns a provider user (`ProviderUserFields`); the caller gets the canonical user, projected by its scopes. */
  | { kind: 'user' }
  /** The handler returns an `OperationDocument`, passed through when its type is listed and its size within bounds. */
  | { kind: 'document'; contentTypes: string[]; maxBytes: number };

export interface OperationDocument {
  contentType: string;
  content: string | Buffer;
}

export interface OperationInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** The validated JSON body, or the raw bytes of a binary one. */
  body: unknown;
  /** The declared content type (one of `contentTypes`) a binary body came as. */
  contentType?: string;
}

/** The declared answer, whichever way it was declared. */
export function declaredResponse(operation: ProviderOperation): { kind: 'none' } | { kind: 'json'; schema: Joi.Schema<unknown> } | OperationResponse {
  const { response } = operation;
  if (!response) return { kind: 'none' };
  return Joi.isSchema(response) ? { kind: 'json', schema: response } : response;
}

/** The public description of an operation (capabilities and OpenAPI share it). */
export function describeOperation(connection: string, operation: ProviderOperation) {
  const { body } = operation;
  const response = declaredResponse(operation);
  return {
    id: operation.id,
    summary: operation.summary,
    method: operation.method,
    path: `/v1/connections/${connection}${operation.path.replace(/:(\w+)/g, '{$1}')}`,
    scopes: operation.scopes,
    idempotent: operation.idempotent,
    ...(body?.kind === 'binary' && { accepts: body.contentTypes, maxBytes: body.maxBytes }),
    returns: response.kind,
    ...(response.kind === 'document' && { produces: response.contentTypes }),
  };
}

/**
 * What an adapter declares its operations with when no connection is there (`AdapterDefinition.operations`):
 * a stand-in for the connection's API client, token store or options. Typed `never`, as nothing
 * may use it: touching it throws, and only a connection's own operations are ever run.
 */
export function unconnected(what: string): never {
  return new Proxy(
    {},
    {
      get() {
        throw new Error(`${what} is not connected: only a connection's own operations are run.`);
      },
    },
  ) as never;
}

import Joi from 'joi';
import { ANY_CONNECTION_NAME } from '../config/schema';
import { TENANT_ID } from './tenant';

/** Generous bounds: a claim is a list a person wrote, not a data set. */
const MAX_LISTED = 1000;

/** The claims the gateway acts on, once the signature, `exp`, `aud` and `iss` have been checked. */
interface TokenClaims {
  sub: string;
  iss?: string;
  /** Space-separated (RFC 8693 §4.2) or an array; scopes the gateway does not know are ignored. */
  scope?: string | string[];
  connections?: string[];
  tenant?: string;
  /** Tenant names, or exactly `["*"]` for every tenant. */
  tenants?: string[];
}

/**
 * A claim that is present must have its type: `"connections": null` limiting nothing (and so
 * opening every connection) is exactly what this refuses. Other claims are left alone.
 */
export const tokenClaimsSchema = Joi.object<TokenClaims>({
  sub: Joi.string().min(1).max(256).required(),
  iss: Joi.string(),
  scope: Joi.alternatives(Joi.string().max(2000), Joi.array().items(Joi.string().max(100)).max(MAX_LISTED)),
  connections: Joi.array().items(Joi.string().pattern(ANY_CONNECTION_NAME)).max(MAX_LISTED),
  tenant: Joi.string().pattern(TENANT_ID),
  tenants: Joi.alternatives(Joi.array().items(Joi.string().valid('*')).length(1), Joi.array().items(Joi.string().pattern(TENANT_ID)).max(MAX_LISTED)),
}).unknown(true);

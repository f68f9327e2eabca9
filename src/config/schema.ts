import Joi from 'joi';
import type { LogLevel } from '../logging/logger';

export const JWT_SYMMETRIC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const JWT_ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'ES512'] as const;
export type JwtAlgorithm = (typeof JWT_SYMMETRIC_ALGORITHMS)[number] | (typeof JWT_ASYMMETRIC_ALGORITHMS)[number];

/** Joi's default pattern messages repeat the offending value, which may be a secret. */
export const SAFE_MESSAGES: Joi.LanguageMessages = {
  'string.pattern.base': '{{#label}} does not match the expected format',
  'string.pattern.name': '{{#label}} is not a valid {{#name}}',
};

export interface JwtConfig {
  secret?: string;
  publicKey?: string;
  algorithms: JwtAlgorithm[];
  audience: string;
  issuer: string;
  clockToleranceSeconds: number;
}

export interface ConnectionConfig {
  adapter: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
  options: Record<string, unknown>;
  timeouts: { attemptMs: number; totalMs: number };
  maxConcurrency: number;
}

export interface GatewayConfig {
  server: { port: number; host: string; bodyLimitBytes: number };
  auth: { jwt: JwtConfig };
  redis?: { url: string; keyPrefix: string };
  logging: { level: LogLevel };
  connections: Record<string, ConnectionConfig>;
}

/** Connection names become the prefix of global ids (`<connection>:<providerUserId>`). */
export const CONNECTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

const jwtSchema = Joi.object<JwtConfig>({
  secret: Joi.string().min(32),
  publicKey: Joi.string().pattern(/-----BEGIN [A-Z ]*PUBLIC KEY-----/, 'PEM public key'),
  algorithms: Joi.when('secret', {
    is: Joi.exist(),
    then: Joi.array().items(Joi.string().valid(...JWT_SYMMETRIC_ALGORITHMS)).min(1).default(['HS256']),
    otherwise: Joi.array().items(Joi.string().valid(...JWT_ASYMMETRIC_ALGORITHMS)).min(1).default(['RS256', 'ES256']),
  }),
  audience: Joi.string().required(),
  issuer: Joi.string().required(),
  clockToleranceSeconds: Joi.number().integer().min(0).max(300).default(30),
})
  .xor('secret', 'publicKey')
  .messages({ 'object.xor': '{{#label}} must have either secret or publicKey, not both' });

const connectionSchema = Joi.object<ConnectionConfig>({
  adapter: Joi.string().required(),
  baseUrl: Joi.string().uri({ scheme: ['http', 'https'] }).required(),
  credentials: Joi.object().unknown(true).default({}),
  options: Joi.object().unknown(true).default({}),
  timeouts: Joi.object({
    attemptMs: Joi.number().integer().min(50).max(120_000).default(5_000),
    totalMs: Joi.number().integer().min(50).max(300_000).default(10_000),
  }).default(),
  maxConcurrency: Joi.number().integer().min(1).max(10_000).default(64),
});

export const gatewayConfigSchema = Joi.object<GatewayConfig>({
  server: Joi.object({
    port: Joi.number().port().default(8080),
    host: Joi.string().default('0.0.0.0'),
    bodyLimitBytes: Joi.number().integer().min(1024).max(50 * 1024 * 1024).default(100 * 1024),
  }).default(),
  auth: Joi.object({ jwt: jwtSchema.required() }).required(),
  redis: Joi.object({
    url: Joi.string().uri({ scheme: ['redis', 'rediss'] }).required(),
    keyPrefix: Joi.string().default('usergate:'),
  }),
  logging: Joi.object({
    level: Joi.string().valid('error', 'warn', 'info', 'debug').default('info'),
  }).default(),
  connections: Joi.object()
    .pattern(Joi.string().pattern(CONNECTION_NAME, 'connection name'), connectionSchema)
    .min(1)
    .required(),
}).messages(SAFE_MESSAGES);

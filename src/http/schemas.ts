import Joi from 'joi';
import { ANY_CONNECTION_NAME } from '../config/schema';
import { ERROR_CODES } from '../errors';

/** Response shapes of the /v1 API that are not the canonical user itself (documented in OpenAPI). */
export const problemSchema = Joi.object({
  type: Joi.string().required(),
  title: Joi.string().required(),
  status: Joi.number().integer().required(),
  detail: Joi.string().required(),
  code: Joi.string()
    .valid(...Object.keys(ERROR_CODES))
    .required(),
  origin: Joi.string().valid('gateway', 'provider').required(),
  retryable: Joi.boolean().required(),
  connection: Joi.string(),
  providerError: Joi.object({
    status: Joi.number().integer().required(),
    code: Joi.string(),
    requestId: Joi.string().description("The provider's own id of the request (its `Request-Id`, say): name it in a support ticket to the provider."),
    challenge: Joi.object({ kind: Joi.string().required(), siteKey: Joi.string(), url: Joi.string() }),
  }),
  requestId: Joi.string(),
  invalidFields: Joi.array().items(Joi.object({ field: Joi.string().required(), message: Joi.string().required() })),
}).unknown(true);

const connectionOutcomeSchema = Joi.alternatives().try(
  Joi.object({
    status: Joi.string().valid('ok').required(),
    count: Joi.number().integer().min(0).required(),
    exists: Joi.boolean(),
    truncated: Joi.valid(true).description('It found more accounts than the answer could carry.'),
    latencyMs: Joi.number().integer().min(0).required(),
  }),
  Joi.object({ status: Joi.string().valid('unsupported').required() }),
  Joi.object({
    status: Joi.string().valid('error').required(),
    error: Joi.object({ code: Joi.string().required(), status: Joi.number().integer().required() }).required(),
    latencyMs: Joi.number().integer().min(0).required(),
  }),
);

const connectionOutcomesSchema = Joi.object().pattern(ANY_CONNECTION_NAME, connectionOutcomeSchema);

export const fanOutSchema = (user: Joi.Schema) =>
  Joi.object({
    data: Joi.array().items(user).required(),
    connections: connectionOutcomesSchema.required(),
  });

const FIELD_PATH = /^[a-zA-Z]+(\.[a-zA-Z0-9]+)?$/;

const fieldOrigin = {
  account: Joi.string().required(),
  connection: Joi.string().required(),
  providerField: Joi.string().allow(null).required(),
  transform: Joi.string().allow(null).required(),
};

export const provenanceSchema = Joi.object().pattern(FIELD_PATH, Joi.object({ value: Joi.any().required(), ...fieldOrigin }));

const mergedFieldSchema = Joi.alternatives().try(
  Joi.object({ value: Joi.any().required(), sources: Joi.array().items(Joi.object(fieldOrigin)).min(1).required() }),
  Joi.object({
    value: Joi.valid(null).required(),
    conflict: Joi.array()
      .items(Joi.object({ value: Joi.any().required(), ...fieldOrigin }))
      .min(2)
      .required(),
  }),
);

const accountPairSchema = {
  accounts: Joi.array().items(Joi.string()).length(2).required(),
  reasons: Joi.array()
    .items(Joi.string().valid('same verified email', 'same email', 'same E.164 phone', 'same national id and nationality'))
    .required(),
  conflicting: Joi.array().items(Joi.string()).required(),
};

const existsOnlySchema = Joi.object({ connection: Joi.string().required(), provider: Joi.string().required(), matchedBy: Joi.string().required() });

export const peopleSchema = (user: Joi.Schema) =>
  Joi.object({
    data: Joi.array()
      .items(
        Joi.object({
          id: Joi.string().required(),
          confidence: Joi.string().valid('single', 'medium', 'high').required(),
          accounts: Joi.array().items(Joi.string()).min(1).required(),
          links: Joi.array()
            .items(Joi.object({ ...accountPairSchema, confidence: Joi.string().valid('medium', 'high').required() }))
            .required(),
          record: Joi.object().pattern(FIELD_PATH, mergedFieldSchema).required(),
          elsewhere: Joi.array().items(existsOnlySchema).required(),
        }),
      )
      .required(),
    candidates: Joi.array().items(Joi.object(accountPairSchema)).required(),
    existsOnly: Joi.array().items(existsOnlySchema).required(),
    truncated: Joi.array()
      .items(Joi.string().valid('accounts', 'links', 'candidates'))
      .description('What the answer left out past its caps, when it did.'),
    accounts: Joi.array().items(user).required(),
    connections: connectionOutcomesSchema.required(),
  });

const operationSummarySchema = Joi.object({
  id: Joi.string().required(),
  summary: Joi.string().required(),
  method: Joi.string().required(),
  path: Joi.string().required(),
  scopes: Joi.array().items(Joi.string()).required(),
  idempotent: Joi.boolean().required(),
  accepts: Joi.array().items(Joi.string()),
  maxBytes: Joi.number().integer().min(1),
  returns: Joi.string().valid('none', 'json', 'user', 'document').required(),
  produces: Joi.array().items(Joi.string()),
}).unknown(true);

const connectionStates = ['active', 'disabled', 'credentials_rejected', 'unreadable'];
const connectionErrorSchema = Joi.object({ code: Joi.string().required(), status: Joi.number().integer(), at: Joi.string().isoDate().required() });

/** A connection as `GET /v1/connections` shows it (DESIGN §8); the members after `health` only to `connections:admin`. */
export const connectionSchema = Joi.object({
  name: Joi.string().required(),
  adapter: Joi.string().required(),
  docsUrl: Joi.string().required(),
  source: Joi.string().valid('declared', 'stored').required().description('`declared` in the config file (read-only here), or `stored` through this API.'),
  state: Joi.string()
    .valid(...connectionStates)
    .required(),
  capabilities: Joi.object({
    get: Joi.boolean().required(),
    lookup: Joi.array()
      .items(Joi.string().valid('email', 'phone', 'nationalId'))
      .required(),
    lookupMode: Joi.string().valid('users', 'exists').required(),
    create: Joi.boolean().required(),
    update: Joi.boolean().required(),
    delete: Joi.boolean().required(),
    operations: Joi.array().items(operationSummarySchema).required(),
  }).required(),
  health: Joi.object({
    breaker: Joi.string().valid('closed', 'half-open', 'open').description('Absent for a stored connection not open on this instance.'),
  }).required(),
  baseUrl: Joi.string(),
  options: Joi.object().unknown(true),
  timeouts: Joi.object({ attemptMs: Joi.number().integer(), totalMs: Joi.number().integer() }),
  enabled: Joi.boolean(),
  credentials: Joi.object({
    fingerprint: Joi.string().required().description('A keyed hash of the credentials: tells whether they changed, never what they are.'),
    updatedAt: Joi.string().isoDate().required(),
  })
    .allow(null)
    .description('Never the credentials themselves; null for a declared connection (its credentials are in the config file).'),
  lastVerifiedAt: Joi.string().isoDate().allow(null),
  lastError: connectionErrorSchema.allow(null).description("The last failure of a verify or a call that refused the connection's credentials."),
});

export const connectionListSchema = Joi.object({ data: Joi.array().items(connectionSchema).required() });

const timeoutsSchema = Joi.object({
  attemptMs: Joi.number().integer().min(50).max(120_000).description('Per attempt (default 5000).'),
  totalMs: Joi.number().integer().min(50).max(300_000).description('For a whole call, retries included (default 10000).'),
});

/** `POST /v1/connections` as documented; each adapter's own schemas check `credentials` and `options`. */
export const newConnectionSchema = Joi.object({
  name: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .required(),
  adapter: Joi.string().required(),
  baseUrl: Joi.string()
    .uri()
    .required()
    .description("Under one of the operator's `allowedBaseUrls` for the adapter (by default the provider's documented hosts)."),
  credentials: Joi.object().unknown(true).required().description("The adapter's credentials (write-only: never returned)."),
  options: Joi.object().unknown(true).description("The adapter's connection options."),
  timeouts: timeoutsSchema,
  enabled: Joi.boolean().description('Default true.'),
});

/** `PATCH /v1/connections/{name}`: an RFC 7396 merge patch; `credentials` replaces the whole object (a rotation). */
export const connectionPatchSchema = Joi.object({
  baseUrl: Joi.string().uri(),
  options: Joi.object().unknown(true).description('Merged into the current options; a member set to null is removed.'),
  timeouts: Joi.object({ attemptMs: Joi.number().integer().allow(null), totalMs: Joi.number().integer().allow(null) }),
  enabled: Joi.boolean(),
  credentials: Joi.object().unknown(true).description('Replaces the credentials whole, after checking them live unless `verify=false`.'),
}).min(1);

export const verificationSchema = Joi.object({
  ok: Joi.boolean().required(),
  checkedAt: Joi.string().isoDate().required(),
  error: Joi.object({
    code: Joi.string().required(),
    detail: Joi.string().required(),
    providerError: Joi.object({ status: Joi.number().integer().required(), code: Joi.string() }),
  }),
});

/** What a create answers a token without `users:read` with: the new user's id, nothing of the user. */
export const createdIdSchema = Joi.object({ id: Joi.string().required() });

export const healthSchema = Joi.object({ status: Joi.string().valid('ok').required() });

export const readinessSchema = Joi.object({
  status: Joi.string().valid('ready', 'draining', 'not-ready').required(),
  checks: Joi.object({
    redis: Joi.string()
      .valid('ok', 'degraded', 'not-configured')
      .required()
      .description('`degraded`: Redis is unusable and the gateway serves on without it (ready unless `redis.requiredForReadiness`).'),
    redisCluster: Joi.object({
      masters: Joi.number().integer().min(0).required(),
      unreachable: Joi.number().integer().min(0).required(),
    }).description('Redis Cluster only: its masters, and how many this instance cannot reach.'),
    store: Joi.string()
      .valid('ok', 'degraded', 'not-configured')
      .required()
      .description(
        'The connection store: `degraded` while it does not answer (connections already loaded keep serving; changes wait), which never makes the instance not ready.',
      ),
    connections: Joi.object({
      closed: Joi.number().integer().min(0).required(),
      'half-open': Joi.number().integer().min(0).required(),
      open: Joi.number().integer().min(0).required(),
    })
      .required()
      .description('Connections by breaker state: counted, never named.'),
  }).required(),
});

/**
 * One recursive redaction pass for everything that reaches a log line. Keys that name secrets or
 * personal data are masked whatever their value; string values are also scrubbed of anything
 * that looks like an email, a bearer/MAC credential, a JWT or a long number (phones, national ids).
 * Logging call sites should not pass such data at all: this is the net under them.
 */
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'pwd',
  'oldpassword',
  'passwordhash',
  'passwordsalt',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'requesttoken',
  'usertoken',
  'bearer',
  'apikey',
  'rebapikey',
  'mackey',
  'mac',
  'privatekey',
  'registrationcode',
  'totpsecret',
  'totpurl',
  'email',
  'emails',
  'contactemail',
  'phone',
  'phones',
  'phonenumber',
  'mobilephone',
  'businessphone',
  'nationalid',
  'personcode',
  'identitycode',
  'dob',
  'dateofbirth',
  'address',
  'iban',
  'card',
  'snidentifier',
  'sndata',
]);

const MASK = '[redacted]';
const VALUE_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[\w.~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\bMAC\s+id="[^\n]*/g, 'MAC [redacted]'],
  [/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[jwt]'],
  [/[^\s"'<>@,;:()]+@[^\s"'<>@,;:()]+\.[^\s"'<>@,;:()]+/g, '[email]'],
  // Never from the start of a UUID (a request id): one whose first group is all digits (about one in seventy) read as a number.
  [/(?<![\w.:-])(?!(?:[\da-f]{8})(?:-[\da-f]{4}){3}-[\da-f]{12}(?![\w-]))\+?\d(?:[ -]?\d){8,}(?![\w.:])/gi, '[number]'],
];

/**
 * What any of VALUE_PATTERNS needs somewhere in a string (a superset of their matches): most
 * logged strings (ids, routes, codes) have none of it, and one test is cheaper than five replaces.
 * Digits count only where a number could start, as in the number pattern (after the start or a character no number follows): a UUID's runs of hex
 * digits would otherwise send one request id in seven through every pattern.
 */
const MIGHT_HOLD_A_VALUE = /@|eyJ|\bMAC\s|\b(?:bearer|basic)|(?:^|[^\w.:-])\d(?:[ -]?\d){8}/i;

const normaliseKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Log field names are few and repeat on every line; past this many the rest are not remembered. */
const KEY_VERDICTS_KEPT = 1000;
const keyVerdicts = new Map<string, boolean>();

function isSensitiveKey(key: string): boolean {
  let sensitive = keyVerdicts.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEYS.has(normaliseKey(key));
    if (keyVerdicts.size < KEY_VERDICTS_KEPT) keyVerdicts.set(key, sensitive);
  }
  return sensitive;
}

export function redactString(value: string): string {
  if (!MIGHT_HOLD_A_VALUE.test(value)) return value;
  return VALUE_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value)) return redactArray(value, depth);
  if (value instanceof Error) return redactError(value);
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) ? MASK : redact(inner, depth + 1);
  }
  return copy;
}

/**
 * A plain array whose items all come back unchanged is itself returned, not copied: most arrays in a
 * line (an audit record's connections, ids and fields) are short lists of clean strings. Anything
 * else, an array of another kind or one with any item changed (objects always are: they are copied),
 * is copied as before.
 */
function redactArray(value: unknown[], depth: number): unknown[] {
  const plain = Object.getPrototypeOf(value) === Array.prototype;
  let copy: unknown[] | undefined = plain ? undefined : [];
  for (let index = 0; index < value.length; index += 1) {
    const item: unknown = value[index];
    const redacted = redact(item, depth + 1);
    if (copy === undefined && redacted !== item) copy = value.slice(0, index);
    copy?.push(redacted);
  }
  return copy ?? value;
}

/** One field of a log entry: masked by its name like any nested key, else scrubbed. */
export function redactField(key: string, value: unknown): unknown {
  return isSensitiveKey(key) ? MASK : redact(value);
}

function redactError(error: Error): Record<string, unknown> {
  return { name: error.name, message: redactString(error.message), stack: error.stack && redactString(error.stack) };
}

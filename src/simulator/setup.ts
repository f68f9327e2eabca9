import Joi from 'joi';

/** A seed or credentials a simulator refuses; the message says what is wrong (naming the user and field, never a value). */
export class SimulatorSetupError extends Error {
  override readonly name = 'SimulatorSetupError';
}

/**
 * The users of a seed, checked against the adapter's schema of the provider's user (the one its
 * mapper validates with), so that a simulator never serves a user the adapter would refuse.
 * Ids must be unique: the simulators key their users by them.
 */
export function validateSeed<User>(seed: readonly unknown[], provider: string, userSchema: Joi.Schema<User>, idOf: (user: User) => unknown): User[] {
  const result = Joi.array<User[]>()
    .items(userSchema)
    .min(1)
    .unique((a: User, b: User) => idOf(a) === idOf(b))
    .label('seed')
    .validate(seed, { allowUnknown: true, convert: false, abortEarly: true, errors: { wrap: { label: false } } });
  if (result.error) {
    const [detail] = result.error.details;
    throw new SimulatorSetupError(`The ${provider} seed is not a list of ${provider} users: ${detail ? describe(detail) : 'it is not valid'}.`);
  }
  return result.value;
}

function describe(detail: Joi.ValidationErrorItem): string {
  if (detail.type === 'array.unique') return `seed[${detail.path[0]}] repeats another user's id`;
  if (detail.type === 'array.min') return 'it has no users';
  const [index, ...field] = detail.path;
  const where = index === undefined ? 'seed' : `seed[${index}]${field.length ? `.${field.join('.')}` : ''}`;
  // Joi's message starts with the label; the value itself is never repeated.
  return `${where}: ${detail.message.replace(/^\S+ /, '')}`;
}

import type { AdapterDefinition, Capabilities, ProviderConnection } from './adapter';

/** An adapter whose connection does not keep to what the adapter declares: a bug in the adapter, which stops the gateway. */
export class DeclarationMismatchError extends Error {
  override readonly name = 'DeclarationMismatchError';
}

const OPERATIONS = [
  ['get', 'getUser'],
  ['create', 'createUser'],
  ['update', 'updateUser'],
  ['delete', 'deleteUser'],
] as const;

/**
 * What a newly opened connection can do: its own capabilities, else the adapter's declared ones,
 * checked against both the declaration (a connection may do less, never more) and the methods it
 * really has (a capability without its method, or a method without its capability, is a mismatch).
 */
export function connectionCapabilities(adapter: AdapterDefinition, connection: string, provider: ProviderConnection): Capabilities {
  const declared = adapter.capabilities;
  const actual = provider.capabilities ?? declared;
  const problems: string[] = [];
  for (const [capability, method] of OPERATIONS) {
    if (actual[capability] && !declared[capability]) problems.push(`it can ${capability} users, which the adapter does not declare`);
    if (actual[capability] !== (typeof provider[method] === 'function')) {
      problems.push(
        actual[capability] ? `it says it can ${capability} users but has no ${method}()` : `it has ${method}() but says it cannot ${capability} users`,
      );
    }
  }
  const undeclared = actual.lookup.filter((key) => !declared.lookup.includes(key));
  if (undeclared.length) problems.push(`it looks users up by ${undeclared.join(', ')}, which the adapter does not declare`);
  if (actual.lookup.length > 0 && typeof provider.findUsers !== 'function') problems.push('it says it can look users up but has no findUsers()');
  if (actual.lookupMode !== declared.lookupMode) problems.push(`its lookups are "${actual.lookupMode}", the adapter declares "${declared.lookupMode}"`);
  if (problems.length) {
    throw new DeclarationMismatchError(
      `The ${adapter.name} adapter's connection ${connection} does not match what the adapter declares: ${problems.join('; ')}.`,
    );
  }
  return actual;
}

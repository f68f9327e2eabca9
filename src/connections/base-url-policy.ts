import { GatewayError } from '../errors';
import type { AdapterDefinition } from './adapter';

/**
 * Where a stored connection may point (DESIGN §8): a tenant's admin names a base URL, and the
 * gateway then calls it with credentials, so it must lie under one of the operator's prefixes for
 * that adapter (`allowedBaseUrls.<adapter>`), by default the provider's documented hosts. URLs are
 * compared parsed (scheme, host, port, then whole path segments), never as strings: a prefix
 * `https://api.example.com` does not let in `https://api.example.com.evil.example`, nor
 * `https://api.example.com/v1` let in `https://api.example.com/v10`.
 */
export class BaseUrlPolicy {
  private readonly prefixes: ReadonlyMap<string, readonly URL[]>;

  constructor(adapters: readonly AdapterDefinition[], configured: Readonly<Record<string, readonly string[]>> = {}) {
    const known = new Set(adapters.map((adapter) => adapter.name));
    const unknown = Object.keys(configured).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new Error(`allowedBaseUrls: unknown adapter ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
    this.prefixes = new Map(
      adapters.map((adapter) => [adapter.name, (configured[adapter.name] ?? adapter.documentedBaseUrls ?? []).map((prefix) => new URL(prefix))]),
    );
  }

  /** The prefixes a connection of this adapter may point under. */
  allowed(adapter: string): string[] {
    return (this.prefixes.get(adapter) ?? []).map((prefix) => prefix.href);
  }

  isAllowed(adapter: string, baseUrl: string): boolean {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      return false;
    }
    return (this.prefixes.get(adapter) ?? []).some((prefix) => within(url, prefix));
  }

  /** A 400 naming `baseUrl` (and the allowed prefixes, which are the operator's, not secrets) unless allowed. */
  check(adapter: string, baseUrl: string): void {
    if (this.isAllowed(adapter, baseUrl)) return;
    const allowed = this.allowed(adapter);
    const message = allowed.length
      ? `"baseUrl" is not under an address this gateway allows for the ${adapter} adapter (${allowed.join(', ')})`
      : `"baseUrl": this gateway allows no address for the ${adapter} adapter (allowedBaseUrls.${adapter})`;
    throw new GatewayError('invalid_request', `Invalid body: ${message}.`, { extensions: { invalidFields: [{ field: 'baseUrl', message }] } });
  }
}

/** Same origin (scheme, host, effective port) and the prefix's path as whole leading segments. */
function within(url: URL, prefix: URL): boolean {
  if (url.username || url.password || url.origin !== prefix.origin) return false;
  const base = prefix.pathname.replace(/\/+$/, '');
  return url.pathname === base || url.pathname.startsWith(`${base}/`);
}

/** The loopback simulators of the embedded demo (and of tests), allowed for their adapters beside the documented hosts. */
export function withSimulators(adapters: readonly AdapterDefinition[], simulators: readonly { provider: string; baseUrl: string }[]): Record<string, string[]> {
  return Object.fromEntries(
    adapters.map((adapter) => [
      adapter.name,
      [...(adapter.documentedBaseUrls ?? []), ...simulators.filter((simulator) => simulator.provider === adapter.name).map((simulator) => simulator.baseUrl)],
    ]),
  );
}

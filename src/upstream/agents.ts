import { Agent } from 'undici';

/** Keep-alive socket pools for upstream calls: undici's agent keeps one pool per origin (scheme, host and port). */
export interface UpstreamAgents {
  readonly dispatcher: Agent;
}

/**
 * Keep-alive pools. `maxSockets` caps each origin's pool; `idleCloseMs` closes a pooled socket
 * nobody has used for that long (sooner when the provider's `Keep-Alive: timeout` says so): pools
 * shared by many connections outlive any one of them, so sockets to a host none of them calls any
 * more must still go.
 */
export function keepAliveAgents(options: { maxSockets?: number; idleCloseMs?: number } = {}): UpstreamAgents {
  return {
    dispatcher: new Agent({
      connections: options.maxSockets ?? null,
      ...(options.idleCloseMs !== undefined && { keepAliveTimeout: options.idleCloseMs, keepAliveMaxTimeout: options.idleCloseMs }),
      // HTTP/1.1 as before: each call on a socket of its own, the pool's size its concurrency.
      allowH2: false,
    }),
  };
}

/** Closes every socket of the pools, cutting off any call still on one. */
export function destroyAgents(agents: UpstreamAgents): void {
  agents.dispatcher.destroy().catch(() => undefined);
}

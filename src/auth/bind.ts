import { ProviderCredentialsRejectedError } from "../domain/provider-errors.js";
import type { ProviderName } from "../store/types.js";
import type { Viewer } from "./viewer.js";

/**
 * Binds a provider client to the caller's credentials for one request. The token is fetched
 * lazily (a query that never touches a provider never loads its connection) and at most once;
 * when the provider rejects it, the viewer refreshes it once (single-flight in the token
 * manager) and the call is repeated once — safe even for writes, because a rejected token
 * means the provider did nothing.
 */
export function bindClient<C extends object>(provider: ProviderName, viewer: Viewer, make: (token: () => Promise<string>) => C): C {
  let current: Promise<string> | null = null;
  const token = () => (current ??= viewer.token(provider));
  const client = make(token);

  const retryOnce = async (error: unknown, again: () => unknown) => {
    if (!(error instanceof ProviderCredentialsRejectedError) || current === null) throw error;
    const rejected = await current;
    current = viewer.refresh(provider, rejected);
    await current;
    return again();
  };

  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(client)) {
    if (typeof value !== "function") {
      bound[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    bound[name] = (...args: unknown[]) => {
      const result = fn(...args);
      return result instanceof Promise ? result.catch((e: unknown) => retryOnce(e, () => fn(...args))) : result;
    };
  }
  return bound as C;
}

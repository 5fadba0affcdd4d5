import { createContextCache } from "@pothos/core";
import type { ClientRequest } from "../providers/runtime.js";
import type { SupershipClient } from "../providers/supership/client.js";
import type { Commune, District, Province } from "../providers/supership/schemas/areas.js";
import type { LoaderContext } from "./context.js";

/**
 * The Areas API (supership-api.md §5 B1–B3): provinces, districts by province code, communes
 * by district code; one call per distinct parent, no batch form. These endpoints are anonymous
 * (§3.3), so they use a client without credentials: areas work for every caller, also a tenant
 * that has not connected SuperShip, and their answers are the same for every tenant.
 *
 * That makes them reference data: kept for AREA_CACHE_TTL_MS in one cache per process, so
 * createDelivery, quotes and warehouses check names without three dependent round trips per
 * request (docs/decisions/008-area-cache.md). A name that is not in a kept list re-reads that
 * list (at most once a minute per list) before it is refused, so an area SuperShip adds is
 * known at once. With AREA_CACHE_TTL_MS=0 the cache lives for one request only.
 */

export interface AreaLists {
  provinces(): Promise<Province[]>;
  districts(provinceCode: string): Promise<District[]>;
  communes(districtCode: string): Promise<Commune[]>;
  /** The same list read again from SuperShip, unless the kept one is younger than a minute. */
  recheck: {
    provinces(): Promise<Province[]>;
    districts(provinceCode: string): Promise<District[]>;
    communes(districtCode: string): Promise<Commune[]>;
  };
}

/** The kept lists as one request reads them: a list it has to fetch is its call (its id, lane, deadline, logger). */
export interface AreaCache {
  for(request: ClientRequest | undefined): AreaLists;
}

export interface AreaCacheOptions {
  /** How long a list is kept; Infinity for the per-request cache. */
  ttlMs: number;
  now?: () => number;
  /** A list is re-read for a missing name only when it is older than this. */
  recheckAfterMs?: number;
  /** Lists kept at most (the oldest go first); Vietnam has about 700 districts. */
  maxEntries?: number;
}

interface Entry {
  at: number;
  value: Promise<unknown[]>;
}

export function createAreaCache(
  client: (request: ClientRequest | undefined) => SupershipClient,
  { ttlMs, now = Date.now, recheckAfterMs = 60_000, maxEntries = 2_000 }: AreaCacheOptions,
): AreaCache {
  const entries = new Map<string, Entry>();

  function fetchInto(key: string, load: () => Promise<unknown[]>): Promise<unknown[]> {
    const value = load();
    const entry = { at: now(), value };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    // A failed call is not kept: the next caller tries again.
    value.catch(() => entries.get(key) === entry && entries.delete(key));
    return value;
  }

  function get<T>(key: string, load: () => Promise<T[]>, maxAgeMs: number): Promise<T[]> {
    const entry = entries.get(key);
    if (entry && now() - entry.at < maxAgeMs) return entry.value as Promise<T[]>;
    return fetchInto(key, load) as Promise<T[]>;
  }

  const lists = (maxAgeMs: number, request: ClientRequest | undefined) => ({
    provinces: () => get("p", () => client(request).provinces(), maxAgeMs),
    districts: (code: string) => get(`d:${code}`, () => client(request).districts(code), maxAgeMs),
    communes: (code: string) => get(`c:${code}`, () => client(request).communes(code), maxAgeMs),
  });
  return { for: (request) => ({ ...lists(ttlMs, request), recheck: lists(Math.min(ttlMs, recheckAfterMs), request) }) };
}

const perRequest = createContextCache((ctx: LoaderContext) =>
  createAreaCache((request) => ctx.app.providers.supership(undefined, request), { ttlMs: Number.POSITIVE_INFINITY }),
);

/** The area lists a request reads, made once per request: the process's cache, or (AREA_CACHE_TTL_MS=0) the request's own. */
export const areaLists = createContextCache((ctx: LoaderContext): AreaLists => (ctx.app.areas ?? perRequest(ctx)).for(ctx.calls));

import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Product } from "../providers/hypersku/schemas/product.js";

/**
 * The catalogue cache (issue 17, docs/decisions/036-catalogue-cache.md): HyperSKU products, with
 * their SKUs, as getPrivateProduct answered them, kept per process in memory for
 * CATALOGUE_CACHE_TTL_MS, bounded by CATALOGUE_CACHE_MAX_ENTRIES and CATALOGUE_CACHE_MAX_BYTES
 * (least recently used go first). Products change rarely and the Dashboard reads 150 of them
 * (three getPrivateProduct pages, most of its provider bytes) to show a title and a few SKU fields.
 *
 * Keyed by tenant AND a digest of the HyperSKU token the request uses: a tenant reconnected to
 * another HyperSKU account, on any replica, never reads the old account's products (a token
 * refresh starts the tenant cold, once). Pass-through callers (no tenant) are not cached: the
 * token is their only credential and HyperSKU, not a cache, must judge it.
 *
 * Invalidations: none of our writes changes a product or a SKU (HyperSKU's API here has no
 * catalogue write; stock is Inventory, never cached), so only `dropTenant` — when the tenant
 * connects or disconnects HyperSKU — and the TTL remove entries. A product edited at HyperSKU
 * shows its old fields for up to the TTL. Not-found ids are not kept: the next read asks again.
 */

export interface CatalogueCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Bound on the sum of the entries' estimated sizes (approxBytes: about their JSON length). */
  maxBytes: number;
  now: () => number;
  /** Metrics: keys served from the cache (hit) or left to HyperSKU (miss). */
  onLookup?: (result: "hit" | "miss", keys: number) => void;
}

/** The cache as one request's loaders see it: its tenant, with its HyperSKU credentials. */
export interface CatalogueView {
  /** Fresh products in key order; undefined where none is kept. Never fails: a credential error reads as misses. */
  products(ids: readonly string[]): Promise<(Product | undefined)[]>;
  /** Keeps products HyperSKU just answered. */
  record(products: readonly Product[]): Promise<void>;
}

export interface CatalogueCache {
  /** `token`: the request's HyperSKU token (the same read its client makes). */
  forTenant(tenantId: string, token: () => Promise<string>): CatalogueView;
  /** Forgets every entry of the tenant (its HyperSKU connection changed). */
  dropTenant(tenantId: string): void;
  /** Entries and estimated bytes held now (tests, metrics). */
  stats(): { entries: number; bytes: number };
}

// A separator no tenant id, digest or product id contains.
const SEP = "\u0000";

export function createCatalogueCache({ ttlMs, maxEntries, maxBytes, now, onLookup }: CatalogueCacheOptions): CatalogueCache {
  const entries = new LRUCache<string, Product>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: approxBytes,
    ttl: ttlMs,
    // Judged against the injected clock on every read (no cached `now`, no timers).
    ttlResolution: 0,
    perf: { now },
  });

  return {
    forTenant(tenantId, token) {
      let prefix: Promise<string | undefined> | undefined;
      const keyPrefix = () =>
        (prefix ??= token().then(
          (t) => `${tenantId}${SEP}${createHash("sha256").update(t).digest("base64url").slice(0, 22)}${SEP}`,
          () => undefined,
        ));
      return {
        async products(ids) {
          const p = await keyPrefix();
          const found = p === undefined ? ids.map(() => undefined) : ids.map((id) => entries.get(p + id));
          const hits = found.filter(Boolean).length;
          if (hits) onLookup?.("hit", hits);
          if (ids.length > hits) onLookup?.("miss", ids.length - hits);
          return found;
        },
        async record(products) {
          const p = await keyPrefix();
          if (p === undefined) return;
          for (const product of products) entries.set(p + product.id, product);
        },
      };
    },
    dropTenant(tenantId) {
      const p = tenantId + SEP;
      for (const key of [...entries.keys()]) if (key.startsWith(p)) entries.delete(key);
    },
    stats: () => ({ entries: entries.size, bytes: entries.calculatedSize }),
  };
}

/** About the product's JSON length, from its strings and a fixed cost per object: cheap, no serialisation. */
export function approxBytes(p: Product): number {
  let n = 160 + p.id.length + p.title.length + (p.description?.length ?? 0) + (p.category?.length ?? 0);
  for (const url of p.images) n += url.length + 3;
  for (const s of p.skus) {
    n += 140 + s.id.length + s.productId.length + (s.code?.length ?? 0) + (s.imageUrl?.length ?? 0);
    for (const a of s.attributes) n += 30 + a.name.length + a.value.length;
  }
  return n;
}

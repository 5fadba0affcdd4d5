/**
 * 64-bit ids as HyperSKU sends them: 19-digit decimal strings above 2^53 (hypersku-api.md §8).
 * Consecutive ids differ only past double precision, so a client that parses them as numbers
 * merges neighbours and fails loudly in tests.
 */

export type IdKind = "product" | "sku" | "order" | "item" | "history" | "stock";

const BASES: Record<IdKind, bigint> = {
  product: 1_790_000_000_000_000_000n,
  sku: 1_791_000_000_000_000_000n,
  order: 1_792_000_000_000_000_000n,
  item: 1_793_000_000_000_000_000n,
  history: 1_794_000_000_000_000_000n,
  stock: 1_795_000_000_000_000_000n,
};

export interface IdSequence {
  next(kind: IdKind): string;
}

export function createIds(): IdSequence {
  const counters = new Map<IdKind, bigint>();
  return {
    next(kind) {
      const n = (counters.get(kind) ?? 0n) + 1n;
      counters.set(kind, n);
      return (BASES[kind] + n).toString();
    },
  };
}

/** Orders ids numerically without losing precision (all ids share one length, but be safe). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `value` looks like one of our ids; BigInt() would throw on anything else. */
export function isIdString(value: string): boolean {
  return /^\d{1,19}$/.test(value);
}

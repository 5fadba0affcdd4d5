/**
 * The "schema" fault: keeps the JSON valid but breaks the contract the client's zod schemas
 * encode. Integer money/weight fields become objects (a plausible upstream drift); a body with
 * none of them gets a numeric `results` (or a numeric `status` when it has no `results`).
 */

const MONEY_KEYS = new Set(["fee", "insurance", "amount", "collection", "value", "weight", "fshipment", "finsurance", "shipment"]);

function drift(node: unknown, hits: { n: number }): unknown {
  if (Array.isArray(node)) return node.map((item) => drift(item, hits));
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (MONEY_KEYS.has(key) && typeof value === "number") {
      hits.n++;
      out[key] = { amount: String(value), currency: "VND" };
    } else {
      out[key] = drift(value, hits);
    }
  }
  return out;
}

export function corruptSupershipBody(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { status: 1, results: body };
  const hits = { n: 0 };
  const drifted = drift(body, hits) as Record<string, unknown>;
  if (hits.n > 0) return drifted;
  return "results" in drifted ? { ...drifted, results: 42 } : { ...drifted, status: 1 };
}

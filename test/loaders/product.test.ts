import { describe, expect, it } from "vitest";
import type { LoaderContext } from "../../src/loaders/context.js";
import { loadedProducts, productLoading } from "../../src/loaders/product.js";
import type { Product } from "../../src/providers/hypersku/schemas/product.js";

const product = (id: string) => ({ id, title: `P${id}`, skus: [] }) as unknown as Product;

describe("product loading", () => {
  it("keeps what a request loaded, so Sku.product answers it without another load (ADR 041)", async () => {
    const asked: string[][] = [];
    const ctx = {
      app: { batching: true, providers: {} },
      hypersku: {
        getPrivateProduct: async ({ productIds }: { productIds: string[] }) => {
          asked.push(productIds);
          return { total: productIds.length, rows: productIds.filter((id) => id !== "404").map(product) };
        },
      },
    } as unknown as LoaderContext;
    const other = { ...ctx } as LoaderContext;
    const results = await productLoading.load(["1", "404", "2"], ctx);
    expect(asked).toEqual([["1", "404", "2"]]);
    expect(results[1]).toBeInstanceOf(Error);
    expect([...loadedProducts(ctx).keys()].sort()).toEqual(["1", "2"]);
    expect(loadedProducts(ctx).get("1")).toBe(results[0]);
    // Per request: another context has its own (empty) map.
    expect(loadedProducts(other).size).toBe(0);
  });
});

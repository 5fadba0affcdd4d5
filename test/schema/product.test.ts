import { ClientError } from "graphql-request";
import { describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { simCount } from "../support/oauth.js";
import { connectedTenant, useStack } from "../support/stack.js";

/** Products and SKUs: the catalogue listing, lookups by id and by node id, and tenant isolation. */

const [merchantA, merchantB] = HYPERSKU_DEMO.accounts;

const stack = useStack();

/** A tenant on HyperSKU demo merchant A (or B) only. */
const connected = async (merchant: (typeof HYPERSKU_DEMO.accounts)[number] = merchantA) =>
  (await connectedTenant(stack.api, merchant.name, merchant === merchantA ? 0 : 1, { supership: false })).sdk;

const catalogue = (merchant = merchantA) => stack.sims.hypersku.state.account(merchant.accountId).products;
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString("base64");

/**
 * A lookup that finds nothing: data null at `field`, and no error other than NOT_FOUND at that
 * very path (node/nodes report the loader's miss there; see the report on builder.ts).
 */
async function expectNothingAt<T>(call: Promise<T>, path: (string | number)[]): Promise<unknown> {
  try {
    return await call;
  } catch (e) {
    if (!(e instanceof ClientError)) throw e;
    for (const err of e.response.errors ?? []) expect(err).toMatchObject({ path, extensions: { code: "NOT_FOUND" } });
    return e.response.data;
  }
}

describe("products listing", () => {
  it("pages through all products with first: 50: no duplicates, no gaps, as many as totalCount, one call per page", async () => {
    const sdk = await connected();
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    let totalCount = -1;
    stack.sims.hypersku.control.clearCounters();
    for (;;) {
      const { products } = await sdk.CatalogProducts({ first: 50, after });
      totalCount = products!.totalCount;
      expect(products!.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...products!.edges.map((e) => e.node.productId));
      pages++;
      if (!products!.pageInfo.hasNextPage) break;
      after = products!.pageInfo.endCursor;
    }
    expect(totalCount).toBe(catalogue().size); // 240: SEED_LAYOUT of account 10001
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen)).toEqual(new Set(catalogue().keys()));
    expect(simCount(stack.sims, "hypersku", "getPrivateProduct")).toBe(pages);
  });
});

describe("product(productId)", () => {
  it("returns the product with its SKUs, each linking back to it", async () => {
    const sdk = await connected();
    const [productId, seeded] = [...catalogue()][7]!;
    const { product } = await sdk.CatalogProduct({ productId });
    expect(product).toMatchObject({ id: globalId("Product", productId), productId, title: seeded.title });
    expect(product!.skus.map((s) => s.skuId)).toEqual(seeded.skus.map((s) => s.skuId));
    for (const sku of product!.skus) {
      expect(sku.id).toBe(globalId("Sku", `${productId}:${sku.skuId}`));
      expect(sku.product.id).toBe(product!.id);
      expect(sku.price.currency).toBe("USD");
    }
  });

  it("is null, not an error, for an unknown id", async () => {
    const sdk = await connected();
    expect((await sdk.CatalogProduct({ productId: "unknown" })).product).toBeNull();
  });

  it("is null for another merchant's product: tenant B cannot see tenant A's catalogue", async () => {
    const [sdkA, sdkB] = await Promise.all([connected(merchantA), connected(merchantB)]);
    const [productId] = [...catalogue(merchantA).keys()];
    expect((await sdkA.CatalogProduct({ productId: productId! })).product?.productId).toBe(productId);
    expect((await sdkB.CatalogProduct({ productId: productId! })).product).toBeNull();
    const viaNode = await expectNothingAt(sdkB.CatalogNode({ id: globalId("Product", productId!) }), ["node"]);
    expect(viaNode).toEqual({ node: null });
  });
});

describe("Product and Sku nodes", () => {
  it("node(id) resolves a Product and a Sku; nodes(ids) resolves both kinds in order, batched", async () => {
    const sdk = await connected();
    const [p1, p2] = [...catalogue().values()];
    const sku = p2!.skus[1]!;
    const { node } = await sdk.CatalogNode({ id: globalId("Product", p1!.productId) });
    expect(node).toMatchObject({ __typename: "Product", productId: p1!.productId, title: p1!.title });
    const { node: skuNode } = await sdk.CatalogNode({ id: globalId("Sku", `${p2!.productId}:${sku.skuId}`) });
    expect(skuNode).toMatchObject({ __typename: "Sku", skuId: sku.skuId, product: { productId: p2!.productId } });

    stack.sims.hypersku.control.clearCounters();
    const { nodes } = await sdk.CatalogNodes({
      ids: [globalId("Product", p1!.productId), globalId("Sku", `${p2!.productId}:${sku.skuId}`), globalId("Product", p2!.productId)],
    });
    expect(nodes.map((n) => n?.__typename)).toEqual(["Product", "Sku", "Product"]);
    expect(nodes[1]).toMatchObject({ skuId: sku.skuId });
    // The Sku loads through its product, which the same batch already asks for.
    expect(simCount(stack.sims, "hypersku", "getPrivateProduct")).toBe(1);
  });

  it("an unknown Product, an unknown Sku of a real product and a malformed Sku key resolve to null", async () => {
    const sdk = await connected();
    const [p1] = [...catalogue().values()];
    const ids = [globalId("Product", "1790999999999999999"), globalId("Sku", `${p1!.productId}:1`), globalId("Sku", "no-colon")];
    const data = await expectNothingAt(sdk.CatalogNodes({ ids }), ["nodes", expect.any(Number)]);
    expect(data).toEqual({ nodes: [null, null, null] });
    for (const id of ids) expect(await expectNothingAt(sdk.CatalogNode({ id }), ["node"])).toEqual({ node: null });
  });

  /** A raw query, aliases and all, as tenant `apiKey`. */
  const post = async (apiKey: string, query: string) => {
    const res = await fetch(`${stack.api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { path?: string[]; extensions: { code: string } }[] };
  };

  // Regression: the product loader's failure was also returned as the Sku's, and Pothos relay
  // brands each node result with its type: the second brand threw "Cannot redefine property".
  it("an unknown Product and a Sku of it in one query are both null, not INTERNAL_SERVER_ERROR", async () => {
    const { apiKey } = await connectedTenant(stack.api, "ProductAndSku", 0, { supership: false });
    const body = await post(apiKey, `{ p: node(id: "${globalId("Product", "999")}") { id } s: node(id: "${globalId("Sku", "999:1")}") { id } }`);
    expect(body).toEqual({ data: { p: null, s: null } });
    const both = await post(apiKey, `{ nodes(ids: ["${globalId("Product", "999")}", "${globalId("Sku", "999:1")}", "${globalId("Sku", "999:2")}"]) { id } }`);
    expect(both).toEqual({ data: { nodes: [null, null, null] } });
  });

  it("a provider failure of that product is a typed error at both paths", async () => {
    const { apiKey } = await connectedTenant(stack.api, "ProductAndSkuDown", 0, { supership: false });
    const [p1] = [...catalogue().values()];
    stack.sims.hypersku.control.addFault({ endpoint: "getPrivateProduct", kind: "http500" });
    try {
      const body = await post(apiKey, `{ p: node(id: "${globalId("Product", p1!.productId)}") { id } s: node(id: "${globalId("Sku", `${p1!.productId}:1`)}") { id } }`);
      expect(body.data).toEqual({ p: null, s: null });
      expect(body.errors?.map((e) => [e.path?.[0], e.extensions.code]).sort()).toEqual([
        ["p", "PROVIDER_HTTP_ERROR"],
        ["s", "PROVIDER_HTTP_ERROR"],
      ]);
    } finally {
      await fetch(`${stack.sims.hypersku.url}/__sim/faults`, { method: "DELETE" });
    }
  });
});

import { ClientError } from "graphql-request";
import { describe, expect, it } from "vitest";
import { findCountry } from "../../simulators/hypersku/countries.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { quote } from "../../simulators/hypersku/logistics.js";
import { simCount } from "../support/oauth.js";
import { connectedTenant, useStack } from "../support/stack.js";

/** Shipping options (getLogisticsSku) on Product, Sku and for a basket; argument validation; countries. */

const [merchant] = HYPERSKU_DEMO.accounts;

const stack = useStack();

const connected = async () => (await connectedTenant(stack.api, "Shipping", 0, { supership: false })).sdk;

const products = () => [...stack.sims.hypersku.state.account(merchant.accountId).products.values()];
const skuById = (skuId: string) => stack.sims.hypersku.state.account(merchant.accountId).skus.get(skuId)!;

/** The simulator's own quote (simulators/hypersku/logistics.ts) for these lines: channel ids and freight, cheapest first. */
function simQuote(countryCode: string, items: Array<{ skuId: string; quantity: number }>) {
  const lines = items.map((i) => ({ skuId: i.skuId, num: i.quantity, unitWeight: skuById(i.skuId).weight }));
  return quote(findCountry(countryCode)!, lines).map((q) => [q.channel.logisticsId, q.freight.toFixed(2)]);
}
const idsAndPrices = (options: ReadonlyArray<{ id: string; price: { amount: string } }>) => options.map((o) => [o.id, o.price.amount]);

/** The GraphQL errors of a rejected SDK call (the SDK throws when a response has errors). */
async function errorsOf(call: Promise<unknown>) {
  const e: unknown = await call.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ClientError)) throw new Error(`expected GraphQL errors, got ${String(e)}`);
  return e.response.errors ?? [];
}

describe("shipping options", () => {
  it("quotes a product's first SKU and each SKU to US: at least one option, priced in Money; one call per distinct SKU", async () => {
    const sdk = await connected();
    const product = products().find((p) => p.skus.length >= 2)!;
    stack.sims.hypersku.control.clearCounters();
    const res = await sdk.CatalogProductShipping({ productId: product.productId, countryCode: "US" });
    const options = res.product!.shippingOptions!;
    // Exactly the channels the simulator offers for one unit of the first SKU, at its freight.
    expect(idsAndPrices(options)).toEqual(simQuote("US", [{ skuId: product.skus[0]!.skuId, quantity: 1 }]));
    expect(options.length).toBeGreaterThan(0); // precondition: the seeded SKU is served to US
    for (const o of options) {
      expect(o.id).toMatch(/^\d+$/);
      expect(o.price).toMatchObject({ amount: expect.stringMatching(/^\d+\.\d{2}$/), currency: "USD" });
      expect(o.minDeliveryDays).toBeLessThanOrEqual(o.maxDeliveryDays!);
    }
    const prices = options.map((o) => Number(o.price.amount));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    for (const sku of res.product!.skus) expect(idsAndPrices(sku.shippingOptions!)).toEqual(simQuote("US", [{ skuId: sku.skuId, quantity: 1 }]));
    // The product's quote is its first SKU's: same key, so the request asked HyperSKU once for it.
    expect(res.product!.skus[0]!.shippingOptions).toEqual(options);
    expect(simCount(stack.sims, "hypersku", "getLogisticsSku")).toBe(product.skus.length);
  });

  it("more units cost more freight", async () => {
    const sdk = await connected();
    const product = products()[3]!;
    const one = await sdk.CatalogProductShipping({ productId: product.productId, countryCode: "DE" });
    const many = await sdk.CatalogProductShipping({ productId: product.productId, countryCode: "DE", quantity: 40 });
    const standard = (r: typeof one) => r.product!.shippingOptions!.find((o) => o.id === "9001")!;
    expect(Number(standard(many).price.amount)).toBeGreaterThan(Number(standard(one).price.amount));
    const skuId = product.skus[0]!.skuId;
    expect(idsAndPrices(one.product!.shippingOptions!)).toEqual(simQuote("DE", [{ skuId, quantity: 1 }]));
    expect(idsAndPrices(many.product!.shippingOptions!)).toEqual(simQuote("DE", [{ skuId, quantity: 40 }]));
  });

  it("quotes a basket of several SKUs as one parcel", async () => {
    const sdk = await connected();
    const [a, b] = products();
    const items = [
      { skuId: a!.skus[0]!.skuId, quantity: 2 },
      { skuId: b!.skus[0]!.skuId, quantity: 1 },
    ];
    stack.sims.hypersku.control.clearCounters();
    const shippingOptions = (await sdk.CatalogShippingOptions({ countryCode: "GB", items })).shippingOptions!;
    // One parcel: the simulator's quote for both lines together.
    expect(idsAndPrices(shippingOptions)).toEqual(simQuote("GB", items));
    expect(shippingOptions.length).toBeGreaterThan(0); // precondition: the basket is served to GB
    expect(shippingOptions.every((o) => o.price.currency === "USD" && o.name.length > 0)).toBe(true);
    expect(simCount(stack.sims, "hypersku", "getLogisticsSku")).toBe(1);
  });

  it("an unserved country is a clear error at the field (UNSUPPORTED_COUNTRY), not an empty list", async () => {
    const sdk = await connected();
    const skuId = products()[0]!.skus[0]!.skuId;
    const errors = await errorsOf(sdk.CatalogShippingOptions({ countryCode: "AQ", items: [{ skuId, quantity: 1 }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: ["shippingOptions"], extensions: { code: "UNSUPPORTED_COUNTRY", countryCode: "AQ" } });
    expect(errors[0]!.message).toContain("AQ");
  });

  it("a failed quote on a product is an error at each shippingOptions path only: the product and its SKUs still arrive", async () => {
    const sdk = await connected();
    const product = products().find((p) => p.skus.length >= 2)!;
    stack.sims.hypersku.control.clearCounters();
    const e = await sdk.CatalogProductShipping({ productId: product.productId, countryCode: "AQ" }).catch((err: unknown) => err);
    if (!(e instanceof ClientError)) throw new Error("expected GraphQL errors");
    const data = e.response.data as { product: { shippingOptions: unknown; skus: Array<{ skuId: string; shippingOptions: unknown }> } };
    expect(data.product.shippingOptions).toBeNull();
    expect(data.product.skus.map((s) => [s.skuId, s.shippingOptions])).toEqual(product.skus.map((s) => [s.skuId, null]));
    const paths = (e.response.errors ?? []).map((err) => err.path);
    expect(paths).toEqual(expect.arrayContaining([["product", "shippingOptions"], ...product.skus.map((_, i) => ["product", "skus", i, "shippingOptions"])]));
    expect(paths).toHaveLength(product.skus.length + 1);
    expect(new Set((e.response.errors ?? []).map((err) => err.extensions?.code))).toEqual(new Set(["UNSUPPORTED_COUNTRY"]));
    // One quote per distinct SKU, and the country list asked once to tell why they failed.
    expect(simCount(stack.sims, "hypersku", "getLogisticsSku")).toBe(product.skus.length);
    expect(simCount(stack.sims, "hypersku", "getCountryCode")).toBe(1);
  });

  it("an unknown SKU in a served country is the provider's rejection, at the field", async () => {
    const sdk = await connected();
    const errors = await errorsOf(sdk.CatalogShippingOptions({ countryCode: "US", items: [{ skuId: "1791999999999999999", quantity: 1 }] }));
    expect(errors[0]).toMatchObject({ path: ["shippingOptions"], extensions: { code: "PROVIDER_BUSINESS_ERROR" } });
  });

  it("validation errors name the argument path, and no quote is requested", async () => {
    const sdk = await connected();
    const skuId = products()[0]!.skus[0]!.skuId;
    const productId = products()[0]!.productId;
    stack.sims.hypersku.control.clearCounters();
    const cases: Array<[Promise<unknown>, string]> = [
      [
        sdk.CatalogShippingOptions({
          countryCode: "US",
          items: [
            { skuId, quantity: 1 },
            { skuId, quantity: 0 },
          ],
        }),
        "items.1.quantity",
      ],
      [sdk.CatalogShippingOptions({ countryCode: "US", items: [{ skuId, quantity: 1001 }] }), "items.0.quantity"],
      [sdk.CatalogShippingOptions({ countryCode: "us", items: [{ skuId, quantity: 1 }] }), "countryCode"],
      [sdk.CatalogShippingOptions({ countryCode: "US", items: [] }), "items"],
      [sdk.CatalogProductShipping({ productId, countryCode: "USA" }), "countryCode"],
      [sdk.CatalogProductShipping({ productId, countryCode: "US", quantity: 0 }), "quantity"],
    ];
    for (const [call, path] of cases) {
      const errors = await errorsOf(call);
      expect(errors.map((e) => e.message).join("\n")).toMatch(new RegExp(`(^|\\s)${path.replace(/\./g, "\\.")}: `));
    }
    // Over GRAPHQL_MAX_LIST (100), the request is refused before it executes (src/http/input-limits.ts).
    const many = await errorsOf(sdk.CatalogShippingOptions({ countryCode: "US", items: Array.from({ length: 101 }, () => ({ skuId, quantity: 1 })) }));
    expect(many.map((e) => e.message)).toEqual(['List limit of 100 exceeded by argument "items" of Query.shippingOptions, found 101.']);
    expect(simCount(stack.sims, "hypersku", "getLogisticsSku")).toBe(0);
  });
});

describe("countries", () => {
  it("country(code) finds a served destination, is null for an unserved one, and validates the code", async () => {
    const sdk = await connected();
    const { country } = await sdk.CatalogCountry({ code: "US" });
    expect(country).toMatchObject({ code: "US", name: expect.any(String) });
    expect(country!.regions.map((r) => r.code)).toEqual(findCountry("US")!.regions!.map(([code]) => code));
    expect(country!.regions.length).toBeGreaterThan(0); // precondition: the simulator lists US regions
    expect((await sdk.CatalogCountry({ code: "AQ" })).country).toBeNull();
    const errors = await errorsOf(sdk.CatalogCountry({ code: "usa" }));
    expect(errors[0]!.message).toMatch(/code: /);
  });
});

/**
 * Why an endpoint is called more often than the floor needs, as found in the code this
 * harness was written against (checked when the report was first produced). The commentary
 * quotes a cause only where the measured excess on that endpoint exists, and says it is the
 * likely cause: if the code changed, the numbers still speak for themselves.
 */
export const EXCESS_CAUSES: Readonly<Record<string, string>> = {
  "supership.provinces":
    "createDelivery checks the receiver's province, district and commune names against SuperShip's Areas API (src/resolvers/area.ts): three dependent calls, kept per process for AREA_CACHE_TTL_MS (src/loaders/area.ts), so they appear only while the lists are not yet kept or the cache is off",
  "supership.districts": "see supership.provinces",
  "supership.communes": "see supership.provinces",
  "hypersku.getOrderInfos":
    "createOrder reads the new order back (`fresh(orderId)` in src/resolvers/order-mutations.ts) because HyperSKU's create answers only `orderBaseInfo` (hypersku-api.md §4.11), while the mutation returns a whole Order",
  "supership.orderInfo":
    "createDelivery reads the delivery back by code after SuperShip's create (`loaders.byCode.load` in src/resolvers/delivery-mutations.ts) although the create answer carries the code, soc and status (supership-api.md C2)",
  "hypersku.getPrivateProduct":
    "a SKU loads through its product (SkuRef in src/schema/product.ts): with batching off every product is its own call",
  "hypersku.getCustomerInventoryInfo": "with batching off, one call per SKU instead of one per 100 SKUs",
};

/**
 * Why a scenario needs more sequential round trips than its floor, by scenario, where the
 * structure of the code (not the measurement) shows it. Quoted when the measured p50 leaves
 * at least one round trip unexplained by CPU time.
 */
export const LEVEL_CAUSES: Readonly<Record<string, string>> = {
  writes:
    "createOrder is create then read-back (2 levels); createDelivery is order read, create, read-back (3 levels; area names are checked against lists kept per process, three more levels while they are not yet kept): 5 sequential round trips where the floor has 3",
};

/**
 * Hot spots of the in-process profile with a known cause, keyed by the project file the time
 * is charged to. Quoted when that file takes at least 5% of the busy samples.
 */
export const PROFILE_CAUSES: Readonly<Record<string, string>> = {
  "bench/in-process.ts":
    "not the API: the in-memory exchange into the simulators' apps (building their Requests, Hono's routing, reading their answers), timed as the simulators' side and left out of the API side",
  "src/providers/http.ts": "the provider transport itself: building each call, its policies (retry, breaker, bulkhead), reading and JSON-parsing each answer, once per upstream call",
};

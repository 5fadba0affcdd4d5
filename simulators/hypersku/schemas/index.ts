/** All of the simulator's HyperSKU schemas under one name, for tests that speak the wire directly. */
export * from "./auth.js";
export * from "./common.js";
export * from "./inventory.js";
export * from "./logistics.js";
export * from "./orders.js";
export * from "./products.js";

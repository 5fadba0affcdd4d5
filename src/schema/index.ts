import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.js";
import "./scalars.js";
import "./errors.js";
import "./provider.js";
import "./viewer.js";
import "./country.js";
import "./money.js";
import "./product.js";
import "./order.js";
import "./order-mutations.js";
import "./shipment.js";
import "./international-shipment.js";
import "./inventory.js";
import "./stock-order.js";
import "./shipping-option.js";
import "./delivery.js";
import "./delivery-mutations.js";
import "./area.js";
import "./warehouse.js";

/** Imports every type file, then builds. The printed result is checked in as schema.graphql. */
export function createSchema(): GraphQLSchema {
  return lexicographicSortSchema(builder.toSchema());
}

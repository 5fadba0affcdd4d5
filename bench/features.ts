import { isObjectType } from "graphql";
import { createSchema } from "../src/schema/index.js";

/**
 * The parts of the graph the scenarios want. Several are being built while this harness is:
 * each scenario asks only for the parts the schema has (read from the code, as the API
 * builds it), and the report marks a scenario incomplete when a part is still missing.
 */

export const FEATURES = ["Sku.inventory", "Order.shipments", "Order.delivery", "Order.inventoryHistory", "Mutation.createOrder", "Mutation.createDelivery", "Query.warehouses", "Query.shippingOptions"] as const;
export type Feature = (typeof FEATURES)[number];

export function detectFeatures(): Set<Feature> {
  const schema = createSchema();
  const present = new Set<Feature>();
  for (const feature of FEATURES) {
    const [typeName, fieldName] = feature.split(".") as [string, string];
    const type = schema.getType(typeName);
    if (isObjectType(type) && type.getFields()[fieldName]) present.add(feature);
  }
  return present;
}

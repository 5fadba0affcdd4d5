import { builder } from "./builder.js";

export const ProviderEnum = builder.enumType("Provider", {
  description: "An upstream provider behind the graph.",
  values: {
    HYPERSKU: { value: "hypersku", description: "Dropshipping and fulfilment: products, orders, inventory, international logistics." },
    SUPERSHIP: { value: "supership", description: "Vietnamese last-mile delivery: quotes, deliveries, labels, warehouses." },
  } as const,
});

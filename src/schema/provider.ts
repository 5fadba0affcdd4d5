import { builder } from "./builder.js";

export const ProviderEnum = builder.enumType("Provider", {
  description: "An upstream provider behind the graph.",
  values: {
    HYPERSKU: { value: "hypersku", description: "Dropshipping and fulfilment: products, orders, inventory, international logistics." },
    SUPERSHIP: { value: "supership", description: "Vietnamese last-mile delivery: quotes, deliveries, labels, warehouses." },
  } as const,
});

export const ReauthorizationReasonEnum = builder.enumType("ReauthorizationReason", {
  description: "Why a connection needs to be authorized again (`ProviderConnection.reauthorizationReason`).",
  values: {
    REFRESH_REJECTED: { value: "refresh_rejected", description: "The provider refused the renewal: refresh token expired or revoked, or the stored login no longer valid." },
    REFRESH_ANSWER_UNREADABLE: {
      value: "refresh_answer_unreadable",
      description: "Two refreshes in a row got an answer that could not be read; the provider may have rotated the refresh token in it, so the stored one cannot be trusted.",
    },
    NOT_RENEWABLE: {
      value: "not_renewable",
      description: "The provider rejected credentials this API cannot renew (a SuperShip personal access token): connect with a new one.",
    },
  } as const,
});

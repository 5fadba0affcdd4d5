import graphql from "@graphql-eslint/eslint-plugin";

// npm run lint:schema: graphql-eslint over the checked-in public SDL (docs/decisions/034-schema-checks.md).
// subgraph.graphql is the same builder's output plus federation directives, so it is linted through
// schema.graphql; its compatibility is npm run schema:check's job.
export default [
  {
    files: ["schema.graphql"],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: "schema.graphql" } } },
    plugins: { "@graphql-eslint": graphql },
    rules: {
      // Naming (PascalCase types, camelCase fields and arguments, UPPER_CASE enum values, no
      // getX/xQuery roots), block descriptions, unreachable types, unique names: the recommended set.
      ...graphql.configs["flat/schema-recommended"].rules,
      // Every type, enum, interface and union, and every root field, says what it is. The types the
      // Pothos plugins generate are documented by their pattern: Relay's Node, PageInfo and
      // connection/edge types, and the errors plugin's `Mutation<Name>Result` union and
      // `Mutation<Name>Success` wrapper of each mutation (the mutation field carries the description).
      "@graphql-eslint/require-description": [
        "error",
        {
          types: true,
          DirectiveDefinition: true,
          // Root fields: `rootField: true` matches nothing in 4.4.1 when a schema has more than one root
          // type (it joins the names with "," into /^(Query,Mutation,Subscription)$/), so every field
          // is selected and the ones outside the root types are ignored.
          FieldDefinition: true,
          ignoredSelectors: [
            "FieldDefinition:not(ObjectTypeDefinition[name.value=/^(Query|Mutation|Subscription)$/] > FieldDefinition)",
            // Query.node/nodes come from the Relay plugin's options in src/schema/builder.ts.
            "ObjectTypeDefinition[name.value=Query] > FieldDefinition[name.value=/^nodes?$/]",
            "[type=InterfaceTypeDefinition][name.value=Node]",
            "[type=ObjectTypeDefinition][name.value=PageInfo]",
            "[type=ObjectTypeDefinition][name.value=/^Query.+(Connection|ConnectionEdge)$/]",
            "[type=UnionTypeDefinition][name.value=/^Mutation.+Result$/]",
            "[type=ObjectTypeDefinition][name.value=/^Mutation.+Success$/]",
          ],
        },
      ],
      // The Relay plugin's shapes, as a client library expects them. relay-connection-types stays off:
      // it takes every `*Connection` for a Relay connection, and `ProviderConnection` is a link to a provider.
      "@graphql-eslint/relay-edge-types": ["error", { withEdgeSuffix: true, shouldImplementNode: true, listTypeCanWrapOnlyEdgeType: false }],
      "@graphql-eslint/relay-page-info": "error",
      // Value types (Money, Address, typed errors) have no identity of their own; the nodes have `id: ID!`.
      "@graphql-eslint/strict-id-in-types": "off",
      // `Order.orderId`, `Product.productId`, `Sku.skuId`, `StockOrder.stockOrderId` are HyperSKU's own ids
      // beside the opaque node `id`, and the federation keys other subgraphs store (docs/federation.md).
      "@graphql-eslint/no-typename-prefix": "off",
    },
  },
];

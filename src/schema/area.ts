// Implemented by the graph issue; see src/schema/index.ts.

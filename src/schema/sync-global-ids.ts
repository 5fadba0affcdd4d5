import SchemaBuilder, { BasePlugin, completeValue, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { GraphQLFieldResolver } from "graphql";

/**
 * A node's `id` answered synchronously (ADR 041). Pothos relay's `t.globalID` wraps every node's
 * id resolver in an `async` function, so each `id` in an answer costs a promise, its await and the
 * executor's handling of a promise result: about 1,300 of the 7,400 promises of a Dashboard (139
 * SKUs, their products and 50 orders). The node's own id resolver (`loadableNodeRef`'s
 * `id.resolve`, kept in the type's `pothosOptions`) is sync everywhere in this schema; where it
 * answers a promise, the id is encoded when it settles. Same encoding as relay's default
 * (`encodeGlobalID`, base64 of `Type:id`); a builder with its own `relay.encodeGlobalID` is left
 * to relay. Registered after every plugin that wraps resolvers except federation (last by its
 * own rule), so it replaces only relay's resolver and scope-auth, errors and the rest still wrap it.
 */
type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types["Context"], object>;

export class SyncGlobalIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> {
    const relay = (this.builder.options as { relay?: { idFieldName?: string; encodeGlobalID?: unknown } }).relay;
    if (fieldConfig.kind !== "Object" || fieldConfig.name !== (relay?.idFieldName ?? "id") || relay?.encodeGlobalID) return resolver;
    const type = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const idOf = (type.pothosOptions as { id?: { resolve?: Resolver<Types> } }).id?.resolve;
    // Only a relay node type's id: relay marks the type (`pothosParseGlobalID`) and keeps its `id.resolve` in pothosOptions.
    if (type.kind !== "Object" || typeof idOf !== "function" || !("pothosParseGlobalID" in (type.extensions ?? {}))) return resolver;
    const name = type.name;
    // Relay's own completion (completeValue: sync stays sync, a promise is encoded when it settles), without its async wrapper.
    return (parent, args, context, info) => completeValue(idOf(parent, args, context, info), (id) => encodeGlobalID(name, String(id)));
  }
}

const pluginName = "syncGlobalIds";
SchemaBuilder.registerPlugin(pluginName, SyncGlobalIdsPlugin);
export default pluginName;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      syncGlobalIds: SyncGlobalIdsPlugin<Types>;
    }
  }
}

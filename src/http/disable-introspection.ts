import { NoSchemaIntrospectionCustomRule } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * GRAPHQL_INTROSPECTION=false: `__schema` and `__type` fail validation with graphql-js's own
 * rule (`__typename` still works, clients need it for unions). No dedicated Yoga plugin is
 * installed, and this rule is the maintained one that plugin wraps.
 */
export function useDisableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

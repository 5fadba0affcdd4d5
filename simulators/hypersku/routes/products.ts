import { invalid, notFound, ok, paginate, readBody, table } from "../envelope.js";
import { GetPrivateProductReq } from "../schemas/products.js";
import { productDto } from "../serialize.js";
import { accountOf, provide, type RouteDeps } from "./register.js";

/**
 * Products (hypersku-api.md §4.4–4.5, paths and parameters INF). The listing's `productIds`
 * filter is our batch form: unknown ids are simply absent. An EMPTY id list filters nothing,
 * as a MyBatis `<if test="ids != null and ids.size() > 0">` would (INVENTED, worst case).
 */
export function productRoutes(deps: RouteDeps): void {
  provide(deps, "getPrivateProduct", async (c) => {
    const body = await readBody(c, GetPrivateProductReq);
    if (!body.ok) return c.json(body.error);
    const { page, limit, productIds } = body.value;
    const account = accountOf(deps, c);
    const all = [...account.products.values()];
    const rows = productIds?.length ? all.filter((p) => productIds.includes(p.productId)) : all;
    return c.json(table(rows.length, paginate(rows, page, limit).map(productDto)));
  });

  provide(deps, "getProductInfo", (c) => {
    const productId = c.req.query("productId");
    if (!productId) return c.json(invalid("productId is required"));
    const product = accountOf(deps, c).products.get(productId);
    return c.json(product ? ok(productDto(product)) : notFound(`product ${productId}`));
  });
}

import { COUNTRIES, findCountry } from "../countries.js";
import { invalid, notFound, ok, readBody } from "../envelope.js";
import { quote } from "../logistics.js";
import { findByStoreOrderId } from "../queries.js";
import { LogisticsRequestDto } from "../schemas/logistics.js";
import { countryDto, internationalLogisticsDto, quoteDto } from "../serialize.js";
import { accountOf, provide, type RouteDeps } from "./register.js";

/** Countries, shipping quotes and international tracking (hypersku-api.md §4.6–4.8). */
export function logisticsRoutes(deps: RouteDeps): void {
  provide(deps, "getCountryCode", (c) => c.json(ok(COUNTRIES.map(countryDto))));

  provide(deps, "getLogisticsSku", async (c) => {
    const body = await readBody(c, LogisticsRequestDto);
    if (!body.ok) return c.json(body.error);
    const country = findCountry(body.value.countryCode);
    if (!country) return c.json(invalid(`country ${body.value.countryCode} is not served`));
    const account = accountOf(deps, c);
    const lines = [];
    for (const { skuId, num } of body.value.skuItems) {
      const sku = account.skus.get(skuId);
      if (!sku) return c.json(invalid(`unknown skuId ${skuId}`));
      lines.push({ skuId, num, unitWeight: sku.weight });
    }
    return c.json(ok({ logisticsList: quote(country, lines).map(quoteDto) }));
  });

  // Unshipped orders answer an empty logisticsList rather than an error.
  provide(deps, "internationalLogisticsInfo", (c) => {
    const storeOrderId = c.req.param("storeOrderId") ?? "";
    const order = findByStoreOrderId(accountOf(deps, c), storeOrderId);
    return c.json(order ? ok(internationalLogisticsDto(order)) : notFound(`order ${storeOrderId}`));
  });
}

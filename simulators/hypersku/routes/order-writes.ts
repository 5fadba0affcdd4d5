import type { z } from "zod";
import { type Country, findCountry } from "../countries.js";
import { invalid, notFound, ok, readBody, statusForbids } from "../envelope.js";
import { lockOrder } from "../inventory-ops.js";
import { findChannel, quote, round2 } from "../logistics.js";
import { CancelOrderReq, OrdersInfoDto, type ShippingAddressDto, UpdateOrderAddressReq } from "../schemas/orders.js";
import { attrStr } from "../seed/products.js";
import { addressDto, orderBaseDto } from "../serialize.js";
import type { SimAddress, SimOrder, SimOrderItem } from "../state.js";
import { ADDRESS_EDITABLE, CANCELLABLE, transition } from "../status-machine.js";
import { accountOf, provide, type RouteDeps } from "./register.js";

/**
 * Order writes (hypersku-api.md §4.9, §4.11, §4.13). A duplicate thirdOrderId is ACCEPTED and
 * creates another order: HyperSKU's behaviour is unknown, so we assume the worst and the gateway
 * must bring its own idempotency. New orders start at status 1 (Pending Payment).
 */
export function orderWriteRoutes(deps: RouteDeps): void {
  provide(deps, "create", async (c) => {
    const body = await readBody(c, OrdersInfoDto);
    if (!body.ok) return c.json(body.error);
    const dto = body.value;
    const account = accountOf(deps, c);
    const country = findCountry(dto.shippingAddress.countryCode);
    if (!country) return c.json(invalid(`country ${dto.shippingAddress.countryCode} is not served`));
    const now = deps.control.now();
    const items: SimOrderItem[] = [];
    for (const { skuId, num } of dto.skuItems) {
      const sku = account.skus.get(skuId);
      if (!sku) return c.json(invalid(`unknown skuId ${skuId}`));
      const goodsName = account.products.get(sku.productId)?.title ?? "";
      items.push({
        id: deps.state.data.ids.next("item"),
        productId: sku.productId,
        skuId,
        goodsName,
        attrStr: attrStr(sku),
        imgUrl: sku.imgUrl,
        num,
        unitPrice: sku.price,
        weight: sku.weight,
        isInventory: 0,
      });
    }
    const offer = quote(
      country,
      items.map((it) => ({ skuId: it.skuId, num: it.num, unitWeight: it.weight })),
    ).find((q) => q.channel.logisticsId === dto.logisticsId);
    if (!offer) return c.json(invalid(`logisticsId ${dto.logisticsId} does not serve ${country.code} for this parcel`));
    const amount = round2(items.reduce((sum, it) => sum + it.unitPrice * it.num, 0));
    const order: SimOrder = {
      orderId: deps.state.data.ids.next("order"),
      storeOrderId: dto.thirdOrderId,
      storeOrderName: dto.thirdOrderName ?? null,
      status: 1,
      amount,
      freight: offer.freight,
      actualAmount: round2(amount + offer.freight),
      logisticsId: offer.channel.logisticsId,
      logisticsName: offer.channel.logisticsName,
      crtTime: now,
      paymentTime: null,
      updTime: now,
      items,
      address: toAddress(dto.shippingAddress, country),
      parcels: [],
      remark: dto.remark ?? null,
    };
    account.orders.set(order.orderId, order);
    lockOrder(account, deps.state.data.ids, order, now);
    return c.json(ok({ orderBaseInfo: orderBaseDto(order) }));
  });

  provide(deps, "cancelOrder", async (c) => {
    const body = await readBody(c, CancelOrderReq);
    if (!body.ok) return c.json(body.error);
    const account = accountOf(deps, c);
    const order = account.orders.get(body.value.orderId);
    if (!order) return c.json(notFound(`order ${body.value.orderId}`));
    if (!CANCELLABLE.has(order.status)) return c.json(statusForbids(order.status, "cancellation"));
    transition(deps.state.data, account, order, 6, deps.control.now());
    // §4.9: the plain ObjectRestResponse, data boolean.
    return c.json(ok(true));
  });

  provide(deps, "updateOrderAddress", async (c) => {
    const body = await readBody(c, UpdateOrderAddressReq);
    if (!body.ok) return c.json(body.error);
    const order = accountOf(deps, c).orders.get(body.value.orderId);
    if (!order) return c.json(notFound(`order ${body.value.orderId}`));
    if (!ADDRESS_EDITABLE.has(order.status)) return c.json(statusForbids(order.status, "an address change"));
    const country = findCountry(body.value.shippingAddress.countryCode);
    if (!country) return c.json(invalid(`country ${body.value.shippingAddress.countryCode} is not served`));
    if (!findChannel(order.logisticsId)?.zones.includes(country.zone)) return c.json(invalid(`the order's logistics channel does not serve ${country.code}`));
    order.address = toAddress(body.value.shippingAddress, country);
    order.updTime = deps.control.now();
    return c.json(ok(addressDto(order.address)));
  });
}

function toAddress(a: z.output<typeof ShippingAddressDto>, country: Country): SimAddress {
  return {
    firstName: a.firstName,
    lastName: a.lastName ?? "",
    address: a.address ?? "",
    addressContinued: a.addressContinued ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    zipCode: a.zipCode ?? null,
    countryCode: country.code,
    countryName: country.name,
    phone: a.phone ?? null,
    email: a.email ?? null,
  };
}

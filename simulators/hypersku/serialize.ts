import type { z } from "zod";
import type { Country } from "./countries.js";
import type { Quote } from "./logistics.js";
import type * as I from "./schemas/inventory.js";
import type * as L from "./schemas/logistics.js";
import type * as O from "./schemas/orders.js";
import type * as P from "./schemas/products.js";
import { attrStr } from "./seed/products.js";
import type { AccountData, SimAddress, SimHistory, SimInventory, SimOrder, SimProduct, SimSku, SimStockOrder } from "./state.js";
import { wireTime, wireTimeOrNull } from "./time.js";

/**
 * Model → wire DTOs, typed by the simulator's own schemas (schemas/), so a DTO that drifts from
 * them does not compile; test/contract checks the same at run time. Ids stay strings, times become "yyyy-MM-dd HH:mm:ss" (UTC+8), money stays a JSON number (§8).
 */

const USD = { currencyCode: "USD" } as const;

export function skuDto(s: SimSku): z.input<typeof P.SkuInfoDto> {
  return { skuId: s.skuId, productId: s.productId, skuCode: s.skuCode, price: s.price, ...USD, weight: s.weight, imgUrl: s.imgUrl, attributes: s.attributes };
}

export function productDto(p: SimProduct): z.input<typeof P.ProductInfoDto> {
  return {
    productId: p.productId,
    title: p.title,
    description: p.description,
    mainImage: p.images[0] ?? null,
    images: p.images,
    categoryName: p.categoryName,
    ...USD,
    skuList: p.skus.map(skuDto),
    crtTime: wireTime(p.crtTime),
    updTime: wireTime(p.updTime),
  };
}

export function countryDto(c: Country): z.input<typeof L.CountryCodeReponseDto> {
  return { countryCode: c.code, countryName: c.name, regionCodes: (c.regions ?? []).map(([regionCode, regionName]) => ({ regionCode, regionName })) };
}

export function quoteDto(q: Quote): z.input<typeof L.LogisticsReponseDto> {
  const { channel } = q;
  return {
    logisticsId: channel.logisticsId,
    logisticsName: channel.logisticsName,
    freight: q.freight,
    ...USD,
    minDeliveryDays: channel.minDeliveryDays,
    maxDeliveryDays: channel.maxDeliveryDays,
    details: q.details,
  };
}

export function addressDto(a: SimAddress): z.input<typeof O.OrderAddressInfo> {
  return { ...a };
}

export function orderBaseDto(o: SimOrder): z.input<typeof O.OrderBaseInfo> {
  return {
    orderId: o.orderId,
    storeOrderId: o.storeOrderId,
    storeOrderName: o.storeOrderName,
    status: o.status,
    amount: o.amount,
    freight: o.freight,
    actualAmount: o.actualAmount,
    ...USD,
    currencySymbol: "$",
    logisticsId: o.logisticsId,
    logisticsName: o.logisticsName,
    crtTime: wireTime(o.crtTime),
    paymentTime: wireTimeOrNull(o.paymentTime),
    updTime: wireTime(o.updTime),
  };
}

export function orderDto(o: SimOrder): z.input<typeof O.OrderResult> {
  return {
    orderBaseInfo: orderBaseDto(o),
    orderItemInfos: o.items.map((it) => ({ ...it, ...USD })),
    orderAddressInfo: addressDto(o.address),
  };
}

export function orderStatusDto(o: SimOrder): z.input<typeof O.OrdersStatusResDto> {
  return { orderId: o.orderId, storeOrderId: o.storeOrderId, status: o.status, updTime: wireTime(o.updTime) };
}

/** Parcels keep the internal API's "truckInfo" spelling (§4.8), the only one any source shows. */
export function internationalLogisticsDto(o: SimOrder): z.input<typeof L.InternationalLogisticsInfo> {
  return {
    storeOrderId: o.storeOrderId,
    orderId: o.orderId,
    logisticsList: o.parcels.map((p) => ({
      trackingNumber: p.trackingNumber,
      expressDelivery: p.expressDelivery,
      initialTrackingNumber: null,
      warehouse: p.warehouse,
      truckInfo: {
        trackingNumber: p.trackingNumber,
        status: p.status,
        list: p.events.map((e) => ({ processDate: wireTime(e.at), processContent: e.content, processLocation: e.location })),
      },
    })),
  };
}

export function customerInventoryDto(l: SimInventory): z.input<typeof I.CustomerInventoryDto> {
  return {
    skuId: l.skuId,
    productId: l.productId,
    availableQty: l.availableQty,
    reservedQty: l.reservedQty,
    inTransitQty: l.inTransitQty,
    warehouseName: l.warehouseName,
    updTime: wireTime(l.updTime),
  };
}

export function inventoryRowDto(account: AccountData, l: SimInventory): z.input<typeof I.OrderInventoryResult> {
  const sku = account.skus.get(l.skuId);
  const product = account.products.get(l.productId);
  return { ...customerInventoryDto(l), goodsName: product?.title ?? "", attrStr: sku ? attrStr(sku) : null, imgUrl: sku?.imgUrl ?? null };
}

export function historyDto(h: SimHistory): z.input<typeof I.OrderInventoryHistoryDto> {
  return { ...h, crtTime: wireTime(h.crtTime) };
}

export function stockOrderDto(s: SimStockOrder): z.input<typeof I.StockOrderDto> {
  return {
    stockOrderId: s.stockOrderId,
    status: s.status,
    amount: s.amount,
    ...USD,
    items: s.items.map((it) => ({ ...it })),
    crtTime: wireTime(s.crtTime),
    arrivalTime: wireTimeOrNull(s.arrivalTime),
  };
}

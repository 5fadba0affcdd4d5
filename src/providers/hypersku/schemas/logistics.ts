import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { normalizeParcelStatus, statusFromText } from "../../../domain/parcel-status.js";
import type { TrackingEvent } from "../../../domain/shipment.js";
import { Amount, Count, Id, Timestamp } from "./shared.js";

/** Countries, shipping options and international parcels (hypersku-api.md §4.6–§4.8), output as the graph's types. */

export const RegionCodeDto = z.object({ regionCode: z.string(), regionName: z.string() });
export const CountryCodeReponseDto = z.object({
  countryCode: z.string().length(2),
  countryName: z.string().nullish(),
  regionCodes: z.array(RegionCodeDto).default([]),
});
export type Country = z.output<typeof CountryCodeReponseDto>;

export const SkuItemDto = z.object({ skuId: z.string().min(1), num: z.number().int().positive() });
export const LogisticsRequestDto = z.object({
  countryCode: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, upper case"),
  skuItems: z.array(SkuItemDto).min(1),
});

export const LogisticsDetailDto = z.object({ skuId: Id, num: Count, weight: Count, freight: Amount });
export const LogisticsReponseDto = z
  .object({
    logisticsId: Id,
    logisticsName: z.string(),
    freight: Amount,
    currencyCode: z.string().default("USD"),
    minDeliveryDays: Count.nullish(),
    maxDeliveryDays: Count.nullish(),
    details: z.array(LogisticsDetailDto).default([]),
  })
  .transform((dto) => ({
    /** HyperSKU's logisticsId: the value order creation takes as the chosen channel. */
    id: dto.logisticsId,
    name: dto.logisticsName,
    price: toMoney(dto.freight, dto.currencyCode),
    minDeliveryDays: dto.minDeliveryDays ?? null,
    maxDeliveryDays: dto.maxDeliveryDays ?? null,
  }));
export type ShippingOption = z.output<typeof LogisticsReponseDto>;
/** The channels quoted for a set of SKUs, output as the list of ShippingOption. */
export const LogisticsResult = z.object({ logisticsList: z.array(LogisticsReponseDto).default([]) }).transform((r) => r.logisticsList);

export const OrdersLogisticsTrackInfoVo = z.object({
  processDate: Timestamp,
  processContent: z.string(),
  processLocation: z.string().nullish(),
});
export const OrdersLogisticsTrackVo = z.object({
  trackingNumber: z.string().nullish(),
  status: z.string().nullish(),
  list: z.array(OrdersLogisticsTrackInfoVo).default([]),
});
/** One parcel. The internal API spells the track "truckInfo" (§4.8); both spellings are accepted. */
export const OrdersLogisticsDto = z.preprocess(
  (v) => (v && typeof v === "object" && "truckInfo" in v && !("trackInfo" in v) ? { ...v, trackInfo: (v as { truckInfo: unknown }).truckInfo } : v),
  z.object({
    trackingNumber: z.string(),
    expressDelivery: z.string(),
    initialTrackingNumber: z.string().nullish(),
    warehouse: z.string().nullish(),
    trackInfo: OrdersLogisticsTrackVo.nullish(),
  }),
);
/** A store order's parcels, output as the graph's InternationalShipment list (events oldest first). */
export const InternationalLogisticsInfo = z
  .object({
    storeOrderId: z.string(),
    orderId: Id.nullish(),
    logisticsList: z.array(OrdersLogisticsDto).default([]),
  })
  .transform((info) =>
    info.logisticsList.map((parcel) => {
      const events = (parcel.trackInfo?.list ?? [])
        .map(
          (e): TrackingEvent => ({
            occurredAt: e.processDate,
            description: e.processContent,
            location: e.processLocation ?? null,
            status: statusFromText(e.processContent),
          }),
        )
        // The provider's order of events is undocumented; Array.prototype.sort is stable for ties.
        .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      const rawStatus = parcel.trackInfo?.status ?? null;
      return {
        /** Discriminates this leg from SuperShip deliveries behind the Shipment interface. */
        kind: "international" as const,
        storeOrderId: info.storeOrderId,
        orderId: info.orderId ?? null,
        carrier: parcel.expressDelivery,
        trackingNumber: parcel.trackingNumber,
        initialTrackingNumber: parcel.initialTrackingNumber ?? null,
        warehouse: parcel.warehouse ?? null,
        status: normalizeParcelStatus(rawStatus, events.length),
        rawStatus,
        events,
      };
    }),
  );
export type InternationalShipment = z.output<typeof InternationalLogisticsInfo>[number];

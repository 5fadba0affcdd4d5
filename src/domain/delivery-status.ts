import type { ShipmentStatus } from "./shipment.js";

/**
 * SuperShip order statuses 0–27 (supership-api.md §7.1) normalized to the carrier-neutral
 * ShipmentStatus. This is the one place the table lives. A code SuperShip adds later (they
 * added 23–27 in v1.0.12, §9) reads as UNKNOWN, never as an error: the raw code and the
 * provider's name are exposed beside it.
 */
export const DELIVERY_STATUSES: Readonly<Record<string, ShipmentStatus>> = {
  "0": "CANCELLED", // Huỷ
  "1": "PENDING", // Chờ Duyệt: awaiting SuperShip's approval
  "2": "AWAITING_PICKUP", // Chờ Lấy Hàng
  "3": "PICKING_UP", // Đang Lấy Hàng
  "4": "PICKED_UP", // Đã Lấy Hàng
  // Hoãn Lấy Hàng: pickup postponed, the courier comes back (§7.1 state machine: 5 → 3).
  "5": "AWAITING_PICKUP",
  "6": "PICKUP_FAILED", // Không Lấy Được
  "7": "IN_TRANSIT", // Đang Nhập Kho
  "8": "IN_TRANSIT", // Đã Nhập Kho
  "9": "IN_TRANSIT", // Đang Chuyển Kho Giao
  "10": "IN_TRANSIT", // Đã Chuyển Kho Giao
  "11": "OUT_FOR_DELIVERY", // Đang Giao Hàng
  "12": "DELIVERED", // Đã Giao Hàng Toàn Bộ
  "13": "PARTIALLY_DELIVERED", // Đã Giao Hàng Một Phần
  "14": "DELIVERY_DELAYED", // Hoãn Giao Hàng
  "15": "DELIVERY_FAILED", // Không Giao Được
  // Đã Đối Soát Giao Hàng: delivered and the COD settled with the shop.
  "16": "DELIVERED",
  // Đã Đối Soát Trả Hàng: returned and the return settled.
  "17": "RETURNED",
  "18": "RETURNING", // Đang Chuyển Kho Trả
  "19": "RETURNING", // Đã Chuyển Kho Trả
  "20": "RETURNING", // Đang Trả Hàng
  "21": "RETURNED", // Đã Trả Hàng
  "22": "RETURNING", // Hoãn Trả Hàng
  "23": "IN_TRANSIT", // Đang Vận Chuyển
  "24": "RETURNING", // Xác Nhận Hoàn: the return is confirmed, the parcel heads back
  "25": "LOST", // Hàng Thất Lạc
  // Không Trả Được: a failed return attempt; the return flow goes on (20) or ends compensated (27).
  "26": "RETURNING",
  "27": "COMPENSATED", // Đã Bồi Hoàn
};

export function normalizeDeliveryStatus(code: string | null | undefined): ShipmentStatus {
  return (code != null && DELIVERY_STATUSES[code.trim()]) || "UNKNOWN";
}

/** One row of SuperShip's status table (C3), with the status the graph normalizes it to. */
export interface DeliveryStatusRow {
  code: string;
  name: string;
  status: ShipmentStatus;
}

export function toDeliveryStatusRow(row: { code: string; name: string }): DeliveryStatusRow {
  return { code: row.code, name: row.name, status: normalizeDeliveryStatus(row.code) };
}

/**
 * Codes after which SuperShip changes nothing (supership-api.md §7.1: cancelled, delivery or
 * return reconciled, compensated). Delivered (12) and returned (21) still move on to their
 * reconciliation, so they are not terminal.
 */
const TERMINAL_CODES = new Set(["0", "16", "17", "27"]);

export function isTerminalDeliveryStatus(code: string | null | undefined): boolean {
  return code != null && TERMINAL_CODES.has(code.trim());
}

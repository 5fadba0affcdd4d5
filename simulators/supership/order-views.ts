import { formatAddress } from "./areas.js";
import type { Order } from "./state.js";
import { CANCEL_RESPONSE_NAME, REASONS, STATUS_NAMES } from "./status-table.js";
import { isoVn } from "./time.js";

/** Wire shapes of an order: create (§5 C2), info (§5 C4), cancel (§5 C7), webhook (§6.1). */

export const PAYER_NAMES: Readonly<Record<string, string>> = { "1": "Người Gửi", "2": "Người Nhận" };
export const CONFIG_NAMES: Readonly<Record<string, string>> = {
  "1": "Cho Xem Hàng Nhưng Không Cho Thử Hàng",
  "2": "Cho Thử Hàng",
  "3": "Không Cho Xem Hàng",
};

const statusName = (code: string) => STATUS_NAMES[code] ?? "";
const receiverAddress = (o: Order) => formatAddress(o.receiver.address, o.receiver.area);

/** "0987654294" → "098****294" (§11.6). */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? phone : `${phone.slice(0, 3)}${"*".repeat(phone.length - 6)}${phone.slice(-3)}`;
}

export function createView(o: Order) {
  return {
    code: o.code,
    sorting: o.sorting,
    shortcode: o.shortcode,
    soc: o.soc,
    phone: o.receiver.phone,
    address: receiverAddress(o),
    amount: o.amount,
    collection: o.amount,
    value: o.value,
    weight: o.weight,
    fee: o.fees.shipment,
    insurance: o.fees.insurance,
    status: o.status,
    status_name: statusName(o.status),
  };
}

export function infoView(o: Order) {
  return {
    code: o.code,
    soc: o.soc,
    status: o.status,
    status_name: statusName(o.status),
    receiver: {
      name: o.receiver.name,
      phone: maskPhone(o.receiver.phone),
      address: o.receiver.address,
      formatted_address: receiverAddress(o),
    },
    amount: o.amount,
    value: o.value,
    weight: o.weight,
    fee: { ...o.fees },
    payer: PAYER_NAMES[o.payer],
    config: CONFIG_NAMES[o.config],
    partial: o.partial,
    barter: o.barter,
    journeys: o.journeys.map((j) => ({ time: isoVn(j.at), status: statusName(j.status), province: j.province, district: j.district, note: j.note })),
    notes: o.notes.map((n) => ({ created_at: isoVn(n.at), type: n.type, note: n.note })),
    calllogs: [],
    last_sman: null,
    created_at: isoVn(o.createdAt),
    updated_at: isoVn(o.updatedAt),
  };
}

export function cancelView(o: Order) {
  return { code: o.code, soc: o.soc, address: receiverAddress(o), status: "0", status_name: CANCEL_RESPONSE_NAME };
}

/** The current (v1.0.12+) payload with every §6.1 field. */
export function webhookPayload(o: Order, type: "update_status" | "update_weight", pushedAt: number): Record<string, unknown> {
  return {
    type,
    code: o.code,
    shortcode: o.shortcode,
    soc: o.soc,
    name: o.receiver.name,
    phone: o.receiver.phone,
    address: receiverAddress(o),
    payer: o.payer,
    amount: o.amount,
    weight: o.weight,
    fshipment: o.fees.shipment,
    finsurance: o.fees.insurance,
    status: o.status,
    status_name: statusName(o.status),
    partial: o.partial,
    barter: o.barter,
    reason_code: o.reasonCode,
    reason_text: o.reasonCode ? (REASONS[o.reasonCode] ?? "Lý do khác") : "",
    created_at: isoVn(o.createdAt),
    updated_at: isoVn(o.updatedAt),
    pushed_at: isoVn(pushedAt),
  };
}

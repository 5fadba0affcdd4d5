import { formatAddress } from "./areas.js";
import type { Order } from "./state.js";

/** The printable label page for a print token (§5 C6): plain HTML, one block per order. */

/** §7.3; paper sizes in mm as labelled by one plugin (unofficial). */
export const LABEL_SIZES: Readonly<Record<string, string>> = {
  A5: "148×210",
  K46: "100×150",
  T2: "100×100",
  K50: "75×120",
  K75: "75×105",
  K80: "80×80",
  S8: "80×120",
  S9: "80×100",
  S10: "80×88",
  S11: "80×60",
  S12: "100×70",
  S13: "100×80",
  S14: "110×80",
};

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const money = (n: number) => `${n.toLocaleString("vi-VN")} đ`;

function label(o: Order): string {
  return `<section class="label" data-code="${esc(o.code)}">
  <h2>${esc(o.code)}</h2>
  <p class="barcode" data-shortcode="${esc(o.shortcode)}">${esc(o.shortcode)}</p>
  <p class="sorting">${esc(o.sorting)}</p>
  <p>Người gửi: ${esc(o.pickup.label || o.pickup.name)} · ${esc(o.pickup.phone)}</p>
  <p>Người nhận: ${esc(o.receiver.name)} · ${esc(o.receiver.phone)}</p>
  <p>${esc(formatAddress(o.receiver.address, o.receiver.area))}</p>
  <p>Thu hộ: ${money(o.amount)} · Khối lượng: ${o.weight} g${o.soc ? ` · Mã đơn riêng: ${esc(o.soc)}` : ""}</p>
  <p>Hàng hóa: ${esc(o.product ?? (o.products ?? []).map((p) => `${p.name} x${p.quantity}`).join(", "))}</p>
</section>`;
}

export function renderLabelPage(args: { token: string; size: string; orders: Order[]; linkBase: string }): string {
  const sizes = Object.keys(LABEL_SIZES)
    .map((s) => `<a href="${esc(`${args.linkBase}?token=${encodeURIComponent(args.token)}&size=${s}`)}">${s}</a>`)
    .join(" ");
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>In vận đơn (${esc(args.size)})</title></head>
<body data-size="${esc(args.size)}" data-paper="${LABEL_SIZES[args.size]}">
<nav>Khổ giấy: ${sizes}</nav>
${args.orders.map(label).join("\n")}
</body></html>`;
}

export function renderLabelError(message: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi</title></head><body><p class="error">${esc(message)}</p></body></html>`;
}

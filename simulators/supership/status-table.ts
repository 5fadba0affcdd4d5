/**
 * Order statuses (§7.1, names exactly as the docs' table) and the simulator's state machine,
 * which follows the reference's "suggested simulator state machine" (INVENTED: SuperShip
 * documents no transitions). The first target of each row is the default "advance" step.
 */

export const STATUS_NAMES: Readonly<Record<string, string>> = {
  "0": "Huỷ",
  "1": "Chờ Duyệt",
  "2": "Chờ Lấy Hàng",
  "3": "Đang Lấy Hàng",
  "4": "Đã Lấy Hàng",
  "5": "Hoãn Lấy Hàng",
  "6": "Không Lấy Được",
  "7": "Đang Nhập Kho",
  "8": "Đã Nhập Kho",
  "9": "Đang Chuyển Kho Giao",
  "10": "Đã Chuyển Kho Giao",
  "11": "Đang Giao Hàng",
  "12": "Đã Giao Hàng Toàn Bộ",
  "13": "Đã Giao Hàng Một Phần",
  "14": "Hoãn Giao Hàng",
  "15": "Không Giao Được",
  "16": "Đã Đối Soát Giao Hàng",
  "17": "Đã Đối Soát Trả Hàng",
  "18": "Đang Chuyển Kho Trả",
  "19": "Đã Chuyển Kho Trả",
  "20": "Đang Trả Hàng",
  "21": "Đã Trả Hàng",
  "22": "Hoãn Trả Hàng",
  "23": "Đang Vận Chuyển",
  "24": "Xác Nhận Hoàn",
  "25": "Hàng Thất Lạc",
  "26": "Không Trả Được",
  "27": "Đã Bồi Hoàn",
};

/** The cancel response spells it with the tone mark on u (§5 C7); everything else uses "Huỷ". */
export const CANCEL_RESPONSE_NAME = "Hủy";

/** `orders/status` order in the docs: 1..22, 0, 23..27 (§5 C3). */
export const STATUS_DOC_ORDER: readonly string[] = [...Array.from({ length: 22 }, (_, i) => String(i + 1)), "0", ...Array.from({ length: 5 }, (_, i) => String(i + 23))];

/** INVENTED: cancellation is allowed only before pickup starts. */
export const CANCELLABLE: readonly string[] = ["1", "2"];

const LOST = "25";
export const TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  "1": ["2", "0"],
  "2": ["3", "0"],
  "3": ["4", "5", "6"],
  "4": ["7", LOST],
  "5": ["3", "6"],
  "6": ["0", "3"],
  "7": ["8", LOST],
  "8": ["9", "23", LOST],
  "9": ["10", LOST],
  "10": ["11", LOST],
  "23": ["11", LOST],
  "11": ["12", "13", "14", "15", LOST],
  "12": ["16"],
  "13": ["16"],
  "14": ["11", "15"],
  "15": ["24", "11"],
  "24": ["18"],
  "18": ["19", LOST],
  "19": ["20", LOST],
  "20": ["21", "22", "26", LOST],
  "22": ["20", "26"],
  "21": ["17"],
  "26": ["20", "27"],
  "25": ["27"],
  "0": [],
  "16": [],
  "17": [],
  "27": [],
};

export function allowedFrom(status: string): readonly string[] {
  return TRANSITIONS[status] ?? [];
}

export function canTransition(from: string, to: string): boolean {
  return allowedFrom(from).includes(to);
}

/** Shortest transition path from "1" to `target` (inclusive of both), preferring earlier rows. */
export function pathTo(target: string): string[] {
  const prev = new Map<string, string>([["1", ""]]);
  const queue = ["1"];
  while (queue.length) {
    const at = queue.shift() as string;
    if (at === target) break;
    for (const next of allowedFrom(at)) if (!prev.has(next)) prev.set(next, at), queue.push(next);
  }
  if (!prev.has(target)) throw new Error(`status ${target} is unreachable`);
  const path = [target];
  while (path[0] !== "1") path.unshift(prev.get(path[0] as string) as string);
  return path;
}

/** Journey notes: 0, 1 and 2 are the docs' (§5 C4 example); the rest are invented. */
export const JOURNEY_NOTES: Readonly<Record<string, string>> = {
  "0": "Hủy Đơn hàng",
  "1": "Tạo Đơn hàng",
  "2": "Duyệt Đơn hàng",
  "3": "Nhân viên đang đến lấy hàng",
  "4": "Lấy hàng thành công",
  "5": "Hoãn lấy hàng",
  "6": "Không lấy được hàng",
  "7": "Đang nhập kho",
  "8": "Đã nhập kho",
  "9": "Đang chuyển đến kho giao",
  "10": "Đã đến kho giao",
  "11": "Nhân viên đang giao hàng",
  "12": "Giao hàng thành công",
  "13": "Giao hàng một phần",
  "14": "Hoãn giao hàng",
  "15": "Không giao được hàng",
  "16": "Đã đối soát giao hàng",
  "17": "Đã đối soát trả hàng",
  "18": "Đang chuyển về kho trả",
  "19": "Đã đến kho trả",
  "20": "Đang trả hàng cho Người Gửi",
  "21": "Đã trả hàng cho Người Gửi",
  "22": "Hoãn trả hàng",
  "23": "Đang vận chuyển",
  "24": "Xác nhận hoàn hàng",
  "25": "Hàng thất lạc",
  "26": "Không trả được hàng",
  "27": "Đã bồi hoàn",
};

/** Reason codes: only 304 is documented (§6.1); the others are invented. */
export const REASONS: Readonly<Record<string, string>> = {
  "304": "Không liên lạc được với Người Nhận",
  "301": "Người Nhận hẹn giao lại",
  "302": "Sai địa chỉ Người Nhận",
  "303": "Người Nhận từ chối nhận hàng",
  "201": "Không liên lạc được với Người Gửi",
  "202": "Người Gửi hẹn lấy lại",
};

/** Statuses whose journey entry is located at the receiver's end; the rest at the sender's. */
export const AT_RECEIVER: ReadonlySet<string> = new Set(["10", "11", "12", "13", "14", "15", "16", "18", "24"]);

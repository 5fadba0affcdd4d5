import type { Rng } from "../../shared/random.js";
import type { IdSequence } from "../ids.js";
import type { SimProduct, SimSku } from "../state.js";
import { BASE_TIME, DAY } from "../time.js";
import { money, sample, shuffle } from "./pick.js";
import { ADJECTIVES, CATEGORIES, type CategorySpec } from "./vocab.js";

const IMG_HOST = "https://img.hypersku.example";
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** `count` private products with distinct titles, 1–8 SKUs each. */
export function seedProducts(rng: Rng, ids: IdSequence, count: number): SimProduct[] {
  const titles = shuffle(
    rng,
    CATEGORIES.flatMap((category) => category.nouns.flatMap((noun) => ["", ...ADJECTIVES].map((adj) => ({ category, title: adj ? `${adj} ${noun}` : noun })))),
  );
  return titles.slice(0, count).map(({ category, title }) => seedProduct(rng, ids, category, title));
}

function seedProduct(rng: Rng, ids: IdSequence, category: CategorySpec, title: string): SimProduct {
  const productId = ids.next("product");
  const images = Array.from({ length: rng.int(3, 6) }, (_, i) => `${IMG_HOST}/products/${productId}/${i + 1}.jpg`);
  const crtTime = BASE_TIME - rng.int(30, 400) * DAY - rng.int(0, DAY);
  const basePrice = money(rng, category.price[0], category.price[1]);
  const baseWeight = rng.int(category.weight[0], category.weight[1]);
  const serial = productId.slice(-5);
  const skus: SimSku[] = attributeCombos(rng, category, rng.int(1, 8)).map((attributes, j) => {
    const skuId = ids.next("sku");
    return {
      skuId,
      productId,
      skuCode: `HS${serial}-${j + 1}`,
      price: clamp(Math.round(basePrice * (0.9 + rng.next() * 0.25) * 100) / 100, 1.99, 89.99),
      weight: Math.round(clamp(baseWeight * (0.9 + rng.next() * 0.2), 20, 2500)),
      imgUrl: `${IMG_HOST}/skus/${skuId}.jpg`,
      attributes,
    };
  });
  return {
    productId,
    title,
    description: `${title}. ${category.blurb} Ships from a HyperSKU warehouse within 48 hours of payment.`,
    categoryName: category.name,
    images,
    skus,
    crtTime,
    updTime: Math.min(BASE_TIME - DAY, crtTime + rng.int(0, 25) * DAY),
  };
}

/** Up to `n` distinct attribute combinations (fewer when the category has fewer). */
function attributeCombos(rng: Rng, category: CategorySpec, n: number): SimSku["attributes"][] {
  let combos: SimSku["attributes"][] = [[]];
  for (const attr of category.attributes) {
    const values = sample(rng, attr.values, Math.min(attr.values.length, 4));
    combos = combos.flatMap((prefix) => values.map((attrValue) => [...prefix, { attrName: attr.name, attrValue }]));
  }
  return shuffle(rng, combos).slice(0, n);
}

/** "Color: Red; Size: M", the order line's attrStr (hypersku-api.md §7, INT analogue). */
export function attrStr(sku: SimSku): string {
  return sku.attributes.map((a) => `${a.attrName}: ${a.attrValue}`).join("; ");
}

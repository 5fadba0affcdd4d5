/** Word lists for realistic seeded products. Only realism depends on them, never behaviour. */

export interface AttributeSpec {
  name: string;
  values: readonly string[];
}

export interface CategorySpec {
  name: string;
  nouns: readonly string[];
  attributes: readonly AttributeSpec[];
  /** USD, before per-SKU variation; always inside 1.99–89.99 */
  price: readonly [number, number];
  /** grams per unit; always inside 20–2500 */
  weight: readonly [number, number];
  blurb: string;
}

const COLORS = ["Black", "White", "Red", "Navy Blue", "Sky Blue", "Forest Green", "Pink", "Grey", "Beige", "Purple", "Yellow", "Orange"];
const APPAREL_SIZES = ["XS", "S", "M", "L", "XL", "XXL"];

export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: "Drinkware",
    nouns: [
      "Stainless Steel Water Bottle 750ml",
      "Insulated Travel Mug 450ml",
      "Glass Tumbler with Straw",
      "Collapsible Silicone Cup",
      "Double Wall Coffee Cup",
      "Sports Shaker Bottle 600ml",
    ],
    attributes: [
      { name: "Color", values: COLORS },
      { name: "Lid", values: ["Screw Cap", "Flip Straw", "Sport Spout"] },
    ],
    price: [6.5, 24.9],
    weight: [120, 480],
    blurb: "Food-grade, BPA-free materials keep drinks cold for 24 hours and hot for 12.",
  },
  {
    name: "Apparel",
    nouns: ["Cotton Crew Neck T-Shirt", "Oversized Fleece Hoodie", "High Waist Yoga Leggings", "Quick-Dry Running Shorts", "Ribbed Knit Beanie", "Linen Button-Up Shirt"],
    attributes: [
      { name: "Color", values: COLORS },
      { name: "Size", values: APPAREL_SIZES },
    ],
    price: [7.99, 39.9],
    weight: [80, 650],
    blurb: "Breathable fabric with reinforced seams, pre-shrunk and machine washable.",
  },
  {
    name: "Phone Accessories",
    nouns: ["Magnetic Phone Case", "Braided USB-C Cable", "Wireless Charging Pad 15W", "Car Phone Mount", "Tempered Glass Screen Protector", "Phone Grip Stand"],
    attributes: [
      { name: "Color", values: ["Black", "White", "Clear", "Navy Blue", "Pink", "Lavender"] },
      { name: "Model", values: ["iPhone 15", "iPhone 15 Pro", "iPhone 16", "Galaxy S24", "Pixel 9"] },
    ],
    price: [2.99, 19.9],
    weight: [20, 220],
    blurb: "Precise cut-outs and a slim profile that keeps every port and button reachable.",
  },
  {
    name: "Home & Kitchen",
    nouns: ["Bamboo Cutting Board Set", "LED Strip Lights 5m", "Linen Throw Pillow Cover", "Ceramic Plant Pot", "Silicone Baking Mat", "Airtight Food Storage Jar"],
    attributes: [
      { name: "Color", values: ["Natural", "White", "Terracotta", "Sage Green", "Charcoal", "Sand"] },
      { name: "Size", values: ["Small", "Medium", "Large"] },
    ],
    price: [4.99, 49.9],
    weight: [90, 2200],
    blurb: "Designed for everyday use and easy to clean; makes a thoughtful housewarming gift.",
  },
  {
    name: "Pet Supplies",
    nouns: ["Reflective Dog Collar", "Cat Scratching Post", "Silicone Pet Feeding Mat", "No-Pull Dog Harness", "Interactive Cat Feather Toy", "Orthopedic Pet Bed"],
    attributes: [
      { name: "Color", values: ["Red", "Blue", "Black", "Orange", "Camo Green"] },
      { name: "Size", values: ["S", "M", "L", "XL"] },
    ],
    price: [3.49, 59.9],
    weight: [60, 2500],
    blurb: "Pet-safe, non-toxic materials tested for durability with active pets.",
  },
  {
    name: "Beauty",
    nouns: ["Jade Facial Roller", "Makeup Brush Set 12pcs", "Heated Eyelash Curler", "Satin Hair Scrunchies 6pcs", "Travel Cosmetic Bag", "Vegan Lip Tint Trio"],
    attributes: [{ name: "Color", values: ["Rose Pink", "Jade Green", "Champagne", "Black", "Nude"] }],
    price: [1.99, 29.9],
    weight: [25, 420],
    blurb: "Salon-quality results at home, gentle enough for sensitive skin.",
  },
  {
    name: "Fitness",
    nouns: ["Resistance Bands Set", "Non-slip Yoga Mat 6mm", "Adjustable Jump Rope", "Foam Massage Roller", "Neoprene Dumbbell Pair", "Grip Strength Trainer"],
    attributes: [
      { name: "Color", values: ["Black", "Purple", "Teal", "Grey", "Coral"] },
      { name: "Level", values: ["Light", "Medium", "Heavy"] },
    ],
    price: [5.99, 79.9],
    weight: [150, 2500],
    blurb: "Built for home workouts and the gym, with a one-year replacement promise.",
  },
  {
    name: "Jewelry",
    nouns: [
      "Sterling Silver Hoop Earrings",
      "Minimalist Chain Necklace",
      "Birthstone Stacking Ring",
      "Freshwater Pearl Bracelet",
      "Initial Pendant Necklace",
      "Titanium Stud Earrings",
    ],
    attributes: [
      { name: "Color", values: ["Gold", "Silver", "Rose Gold"] },
      { name: "Length", values: ["16 in", "18 in", "20 in"] },
    ],
    price: [3.99, 89.99],
    weight: [20, 90],
    blurb: "Hypoallergenic, nickel-free plating that resists tarnish, gift box included.",
  },
  {
    name: "Outdoor",
    nouns: ["Rechargeable Camping Lantern", "Ultralight Hammock", "Waterproof Dry Bag 20L", "Folding Camping Stool", "Headlamp 1200 Lumen", "Insulated Picnic Blanket"],
    attributes: [{ name: "Color", values: ["Olive", "Black", "Orange", "Desert Tan", "Royal Blue"] }],
    price: [8.99, 69.9],
    weight: [180, 2400],
    blurb: "Weather-resistant and packable, made for weekends off the grid.",
  },
  {
    name: "Toys & Kids",
    nouns: ["Magnetic Building Tiles 60pcs", "Wooden Stacking Rainbow", "Kids Art Smock", "Bubble Machine", "Soft Plush Dinosaur", "Sensory Fidget Set"],
    attributes: [
      { name: "Color", values: ["Rainbow", "Pastel", "Blue", "Pink", "Green"] },
      { name: "Age", values: ["1-3 years", "3-6 years", "6+ years"] },
    ],
    price: [4.49, 54.9],
    weight: [60, 1900],
    blurb: "Meets EN71 and ASTM toy safety standards, with rounded edges for small hands.",
  },
];

export const ADJECTIVES = [
  "Premium",
  "Eco-Friendly",
  "Portable",
  "Minimalist",
  "Vintage",
  "Heavy Duty",
  "Compact",
  "Classic",
  "Ultra-Light",
  "Waterproof",
  "Deluxe",
  "Everyday",
];

export const WAREHOUSES = ["Shenzhen Warehouse", "Yiwu Warehouse", "Guangzhou Warehouse"];

import type { Rng } from "../../shared/random.js";
import { findCountry } from "../countries.js";
import type { SimAddress } from "../state.js";
import { digits, weighted } from "./pick.js";

/** Realistic international shipping addresses for seeded orders. */

interface Locale {
  cities: ReadonlyArray<readonly [city: string, province: string | null, zip: string]>;
  streets: readonly string[];
  /** "#" = house number, placed per local habit */
  format: "number-first" | "number-last";
  phone: string;
}

const LOCALES: Record<string, Locale> = {
  US: {
    cities: [
      ["Austin", "TX", "78701"],
      ["Seattle", "WA", "98101"],
      ["Brooklyn", "NY", "11201"],
      ["San Diego", "CA", "92101"],
      ["Orlando", "FL", "32801"],
      ["Denver", "CO", "80202"],
      ["Chicago", "IL", "60601"],
      ["Boston", "MA", "02108"],
    ],
    streets: ["Maple Avenue", "Oak Street", "Sunset Boulevard", "Pine Ridge Road", "Lakeview Drive", "Elm Court"],
    format: "number-first",
    phone: "+1 512",
  },
  CA: {
    cities: [
      ["Toronto", "ON", "M5V 2T6"],
      ["Vancouver", "BC", "V6B 1A1"],
      ["Montreal", "QC", "H2X 1Y4"],
      ["Calgary", "AB", "T2P 1J9"],
      ["Halifax", "NS", "B3H 1A1"],
    ],
    streets: ["King Street West", "Granville Street", "Rue Saint-Denis", "Stephen Avenue", "Spring Garden Road"],
    format: "number-first",
    phone: "+1 416",
  },
  GB: {
    cities: [
      ["London", null, "SW1A 2AA"],
      ["Manchester", null, "M1 1AE"],
      ["Bristol", null, "BS1 4DJ"],
      ["Leeds", null, "LS1 4AP"],
      ["Edinburgh", null, "EH1 1YZ"],
    ],
    streets: ["High Street", "Church Lane", "Victoria Road", "Queen's Drive", "Station Road"],
    format: "number-first",
    phone: "+44 7700",
  },
  DE: {
    cities: [
      ["Berlin", null, "10115"],
      ["Hamburg", null, "20095"],
      ["Munchen", null, "80331"],
      ["Koln", null, "50667"],
      ["Leipzig", null, "04109"],
    ],
    streets: ["Hauptstrasse", "Bahnhofstrasse", "Gartenweg", "Schillerstrasse", "Lindenallee"],
    format: "number-last",
    phone: "+49 151",
  },
  FR: {
    cities: [
      ["Paris", null, "75011"],
      ["Lyon", null, "69002"],
      ["Marseille", null, "13001"],
      ["Toulouse", null, "31000"],
      ["Bordeaux", null, "33000"],
    ],
    streets: ["Rue de la Paix", "Avenue Victor Hugo", "Boulevard Voltaire", "Rue des Lilas", "Quai de Saone"],
    format: "number-first",
    phone: "+33 6",
  },
  AU: {
    cities: [
      ["Sydney", "NSW", "2000"],
      ["Melbourne", "VIC", "3000"],
      ["Brisbane", "QLD", "4000"],
      ["Perth", "WA", "6000"],
      ["Adelaide", "SA", "5000"],
    ],
    streets: ["George Street", "Collins Street", "Queen Street", "Hay Street", "Rundle Mall"],
    format: "number-first",
    phone: "+61 412",
  },
  ES: {
    cities: [
      ["Madrid", null, "28013"],
      ["Barcelona", null, "08002"],
      ["Valencia", null, "46002"],
    ],
    streets: ["Calle Mayor", "Gran Via", "Carrer de Balmes"],
    format: "number-last",
    phone: "+34 612",
  },
  IT: {
    cities: [
      ["Roma", null, "00184"],
      ["Milano", null, "20121"],
      ["Torino", null, "10121"],
    ],
    streets: ["Via Roma", "Corso Vittorio Emanuele", "Via Garibaldi"],
    format: "number-last",
    phone: "+39 320",
  },
  NL: {
    cities: [
      ["Amsterdam", null, "1012 JS"],
      ["Rotterdam", null, "3011 AA"],
      ["Utrecht", null, "3511 AB"],
    ],
    streets: ["Prinsengracht", "Kalverstraat", "Oudegracht"],
    format: "number-last",
    phone: "+31 6",
  },
  SE: {
    cities: [
      ["Stockholm", null, "111 22"],
      ["Goteborg", null, "411 04"],
    ],
    streets: ["Drottninggatan", "Kungsgatan"],
    format: "number-last",
    phone: "+46 70",
  },
  JP: {
    cities: [
      ["Tokyo", null, "150-0001"],
      ["Osaka", null, "530-0001"],
    ],
    streets: ["Jingumae 1-chome", "Umeda 2-chome"],
    format: "number-last",
    phone: "+81 90",
  },
  NZ: {
    cities: [
      ["Auckland", null, "1010"],
      ["Wellington", null, "6011"],
    ],
    streets: ["Queen Street", "Lambton Quay"],
    format: "number-first",
    phone: "+64 21",
  },
  VN: {
    cities: [
      ["Ha Noi", "HN", "100000"],
      ["Ho Chi Minh", "SG", "700000"],
      ["Da Nang", "DN", "550000"],
    ],
    streets: ["Nguyen Trai", "Le Loi", "Tran Hung Dao", "Hai Ba Trung"],
    format: "number-first",
    phone: "+84 90",
  },
  MX: {
    cities: [
      ["Ciudad de Mexico", "CMX", "06700"],
      ["Guadalajara", "JAL", "44100"],
      ["Monterrey", "NLE", "64000"],
    ],
    streets: ["Avenida Reforma", "Calle Hidalgo", "Avenida Juarez"],
    format: "number-last",
    phone: "+52 55",
  },
};

const COUNTRY_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ["US", 34],
  ["GB", 10],
  ["DE", 8],
  ["FR", 7],
  ["AU", 7],
  ["CA", 7],
  ["ES", 4],
  ["IT", 4],
  ["NL", 4],
  ["VN", 5],
  ["SE", 2],
  ["JP", 3],
  ["NZ", 2],
  ["MX", 3],
];

const FIRST = [
  "Emma",
  "Liam",
  "Olivia",
  "Noah",
  "Sophia",
  "Lucas",
  "Mia",
  "Leon",
  "Chloe",
  "Hugo",
  "Amelia",
  "Oliver",
  "Lena",
  "Mateo",
  "Yuki",
  "Linh",
  "Isla",
  "Finn",
  "Sofia",
  "Jack",
];
const LAST = [
  "Smith",
  "Johnson",
  "Brown",
  "Muller",
  "Martin",
  "Dubois",
  "Wilson",
  "Schmidt",
  "Taylor",
  "Nguyen",
  "Garcia",
  "Rossi",
  "Jansen",
  "Tanaka",
  "Andersson",
  "Walker",
  "Moreau",
  "Fischer",
  "Lee",
  "Tran",
];

export function seedAddress(rng: Rng, countryCode = weighted(rng, COUNTRY_WEIGHTS)): SimAddress {
  const locale = LOCALES[countryCode] ?? (LOCALES.US as Locale);
  const [city, province, zipCode] = rng.pick(locale.cities);
  const street = rng.pick(locale.streets);
  const number = String(rng.int(1, 240));
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  return {
    firstName,
    lastName,
    address: locale.format === "number-first" ? `${number} ${street}` : `${street} ${number}`,
    addressContinued: rng.chance(0.25) ? `Apt ${rng.int(1, 60)}` : null,
    city,
    province,
    zipCode,
    countryCode,
    countryName: findCountry(countryCode)?.name ?? countryCode,
    phone: `${locale.phone} ${digits(rng, 3)} ${digits(rng, 4)}`,
    email: rng.chance(0.8) ? `${firstName}.${lastName}${rng.int(1, 99)}@example.com`.toLowerCase() : null,
  };
}

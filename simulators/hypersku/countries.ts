/**
 * Destination countries served by the simulated HyperSKU (getCountryCode). The zone drives the
 * invented freight formula in logistics.ts; region codes exist only for a few countries, as on
 * HyperSKU's internal address model (hypersku-api.md §4.6, §4.11).
 */

export type Zone = 1 | 2 | 3 | 4;

export interface Country {
  code: string;
  name: string;
  zone: Zone;
  regions?: ReadonlyArray<readonly [code: string, name: string]>;
}

export const COUNTRIES: readonly Country[] = [
  {
    code: "US",
    name: "United States",
    zone: 1,
    regions: [
      ["CA", "California"],
      ["NY", "New York"],
      ["TX", "Texas"],
      ["FL", "Florida"],
      ["WA", "Washington"],
      ["IL", "Illinois"],
      ["MA", "Massachusetts"],
      ["CO", "Colorado"],
    ],
  },
  {
    code: "CA",
    name: "Canada",
    zone: 1,
    regions: [
      ["ON", "Ontario"],
      ["QC", "Quebec"],
      ["BC", "British Columbia"],
      ["AB", "Alberta"],
      ["NS", "Nova Scotia"],
    ],
  },
  { code: "GB", name: "United Kingdom", zone: 2 },
  { code: "DE", name: "Germany", zone: 2 },
  { code: "FR", name: "France", zone: 2 },
  { code: "ES", name: "Spain", zone: 2 },
  { code: "IT", name: "Italy", zone: 2 },
  { code: "NL", name: "Netherlands", zone: 2 },
  { code: "BE", name: "Belgium", zone: 2 },
  { code: "IE", name: "Ireland", zone: 2 },
  { code: "AT", name: "Austria", zone: 2 },
  { code: "PL", name: "Poland", zone: 2 },
  { code: "PT", name: "Portugal", zone: 2 },
  { code: "SE", name: "Sweden", zone: 3 },
  { code: "DK", name: "Denmark", zone: 3 },
  { code: "NO", name: "Norway", zone: 3 },
  { code: "CH", name: "Switzerland", zone: 3 },
  {
    code: "AU",
    name: "Australia",
    zone: 3,
    regions: [
      ["NSW", "New South Wales"],
      ["VIC", "Victoria"],
      ["QLD", "Queensland"],
      ["WA", "Western Australia"],
      ["SA", "South Australia"],
      ["TAS", "Tasmania"],
    ],
  },
  { code: "NZ", name: "New Zealand", zone: 3 },
  { code: "JP", name: "Japan", zone: 2 },
  { code: "KR", name: "South Korea", zone: 2 },
  { code: "SG", name: "Singapore", zone: 2 },
  {
    code: "VN",
    name: "Vietnam",
    zone: 1,
    regions: [
      ["HN", "Ha Noi"],
      ["SG", "Ho Chi Minh"],
      ["DN", "Da Nang"],
    ],
  },
  {
    code: "MX",
    name: "Mexico",
    zone: 4,
    regions: [
      ["CMX", "Ciudad de Mexico"],
      ["JAL", "Jalisco"],
      ["NLE", "Nuevo Leon"],
    ],
  },
  {
    code: "BR",
    name: "Brazil",
    zone: 4,
    regions: [
      ["SP", "Sao Paulo"],
      ["RJ", "Rio de Janeiro"],
      ["MG", "Minas Gerais"],
    ],
  },
];

const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));

export function findCountry(code: string): Country | undefined {
  return byCode.get(code);
}

/** A US buyer's address that HyperSKU's order creation accepts (the simulator checks the same rules). */
export const US_ADDRESS = {
  firstName: "Ada",
  lastName: "Lovelace",
  line1: "12 Maple Avenue",
  city: "Austin",
  province: "TX",
  postalCode: "78701",
  countryCode: "US",
  phone: "+1 512 555 0100",
  email: "ada@example.com",
};

/** What price resolution needs to know of a product. */
export interface PricedProduct {
  id: number;
  category?: string | null | undefined;
  /** The catalogue price (minor units). */
  priceMinor: number;
  currency: string;
}

/** One item of a price list, as resolution sees it (`depth` 0 is the account's list, 1 its parent). */
export interface PriceItemFacts {
  depth: number;
  currency: string;
  productId: number | null;
  category: string | null;
  minQuantity: number;
  unitPriceMinor: number | null;
  discountBasisPoints: number | null;
  validFrom: string | Date;
  validTo: string | Date | null;
}

/** A resolved unit price and where it came from. */
export interface ResolvedPrice {
  unitPriceMinor: number;
  source: 'list' | 'parent' | 'catalogue';
  /** The quantity from which this price applies (1 for the catalogue price). */
  fromQuantity: number;
}

const time = (value: string | Date) => (value instanceof Date ? value.getTime() : Date.parse(value));

/** A category rule reaches its subcategories: `drinks` matches `drinks` and `drinks/tea`. */
export function categoryMatches(rule: string, category: string | null | undefined): boolean {
  return !!category && (category === rule || category.startsWith(`${rule}/`));
}

/** `price` less `basisPoints` hundredths of a percent, rounded half up to the minor unit. */
export function discounted(priceMinor: number, basisPoints: number): number {
  return Math.floor((priceMinor * (10_000 - basisPoints) + 5_000) / 10_000);
}

/** The items of any level that apply to the product at `at`, whatever the quantity. */
function applicable(product: PricedProduct, items: readonly PriceItemFacts[], at: Date): PriceItemFacts[] {
  const now = at.getTime();
  return items.filter((item) => item.currency === product.currency && time(item.validFrom) <= now && (item.validTo === null || now < time(item.validTo))
    && (item.productId === product.id || (item.productId === null && item.category !== null && categoryMatches(item.category, product.category))));
}

/** Product before category, the more specific category first, then the highest tier, then the latest validity. */
function better(a: PriceItemFacts, b: PriceItemFacts): number {
  const target = (item: PriceItemFacts) => (item.productId !== null ? 1_000 : item.category!.length);
  return target(b) - target(a) || b.minQuantity - a.minQuantity || time(b.validFrom) - time(a.validFrom);
}

const unitPriceOf = (product: PricedProduct, item: PriceItemFacts) => item.unitPriceMinor ?? discounted(product.priceMinor, item.discountBasisPoints ?? 0);

/**
 * The unit price of `quantity` units, pure and deterministic: among the items valid at `at` for
 * the product (or its category) in the account's list, else in its parent, else the catalogue
 * price, the one for the product over a category, then with the highest `minQuantity` not above
 * the quantity, then the latest. Tiers apply to all units: 48 at the 48+ price all cost that price.
 */
export function resolveUnitPrice(product: PricedProduct, quantity: number, items: readonly PriceItemFacts[], at: Date): ResolvedPrice {
  const matching = applicable(product, items, at).filter((item) => item.minQuantity <= quantity);
  const depth = Math.min(...matching.map((item) => item.depth));
  const [best] = matching.filter((item) => item.depth === depth).sort(better);
  if (!best) return { unitPriceMinor: product.priceMinor, source: 'catalogue', fromQuantity: 1 };
  return { unitPriceMinor: unitPriceOf(product, best), source: best.depth === 0 ? 'list' : 'parent', fromQuantity: best.minQuantity };
}

/** The price breaks a buyer sees ("12+ at 9.00"): the unit price from each tier's quantity on, the first from 1. */
export function priceTiers(product: PricedProduct, items: readonly PriceItemFacts[], at: Date): Array<{ fromQuantity: number; unitPriceMinor: number }> {
  const quantities = [...new Set([1, ...applicable(product, items, at).map((item) => item.minQuantity)])].sort((a, b) => a - b);
  const tiers = quantities.map((fromQuantity) => ({ fromQuantity, unitPriceMinor: resolveUnitPrice(product, fromQuantity, items, at).unitPriceMinor }));
  return tiers.filter((tier, index) => index === 0 || tier.unitPriceMinor !== tiers[index - 1]!.unitPriceMinor);
}

export { Product, productKinds, replenishments, type ProductKind, type Replenishment } from './product.entity.ts';
export { QuantityRule } from './quantity-rule.entity.ts';
export { checkQuantity, ruleProblem, type QuantityProblem, type QuantityRuleFacts } from './quantity-rules.ts';
export { createProduct, toProductView, type ProductInput, type ProductPatch, type ProductView } from './product.service.ts';
export { type CatalogItem, type CatalogPage } from './catalog.queries.ts';
export { createCatalogService, type CatalogService } from './catalog.service.ts';
export { PriceList, PriceListItem } from './price-list.entity.ts';
export { resolveUnitPrice, priceTiers, discounted, categoryMatches, type PriceItemFacts, type PricedProduct, type ResolvedPrice } from './price-resolution.ts';
export { createPriceList, setPriceItem, findPriceList, priceListView, type PriceListInput, type PriceItemInput, type PriceListView } from './price-list.service.ts';

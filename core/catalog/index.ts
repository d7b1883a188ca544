export { Product, productKinds, type ProductKind } from './product.entity.ts';
export { createProduct, getProduct, updateProduct, listProducts, toProductView, type ProductInput, type ProductPatch, type ProductView } from './product.service.ts';
export { catalogCategories, catalogPage, catalogItems, catalogItem, type CatalogItem, type CatalogPage } from './catalog.queries.ts';

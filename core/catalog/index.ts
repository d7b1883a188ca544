export { Product, productKinds, type ProductKind } from './product.entity.ts';
export { createProduct, getProduct, updateProduct, listProducts, toProductView, type ProductInput, type ProductPatch, type ProductView } from './product.service.ts';

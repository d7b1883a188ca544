export { seedDemoCatalog, catalogIsEmpty, demoProducts } from './demo-seed.ts';

export { seedDemoCatalog, seedDemoCarrier, catalogIsEmpty, demoProducts } from './demo-seed.ts';

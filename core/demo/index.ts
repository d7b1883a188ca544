export { seedDemoCatalog, seedDemoCarrier, catalogIsEmpty, demoProducts, createDemoService, type DemoService } from './demo-seed.ts';

export { Bom, BomLine, bomKinds, bomStatuses, type BomKind, type BomStatus } from './bom.entity.ts';
export { componentNeed, explode, findCycle, type BomFacts } from './bom-explosion.ts';
export { createManufacturingService, type ManufacturingService } from './manufacturing.service.ts';
export type { BomInput, BomView } from './bom.service.ts';
export { ProductionOrder, ProductionComponent, ProductionReport, productionStatuses, consumptionPolicies, type ProductionStatus, type ConsumptionPolicy } from './production.entity.ts';
export { productionLifecycle } from './production-state.ts';
export type { ProductionView } from './production.view.ts';
export type { OutputReport, ReportResult } from './production-report.ts';
export type { ProductionInput } from './production.service.ts';

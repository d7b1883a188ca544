export { Bom, BomLine, bomKinds, bomStatuses, type BomKind, type BomStatus } from './bom.entity.ts';
export { componentNeed, explode, findCycle, type BomFacts } from './bom-explosion.ts';
export { createManufacturingService, type ManufacturingService } from './manufacturing.service.ts';
export type { BomInput, BomView } from './bom.service.ts';

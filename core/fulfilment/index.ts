export { PickList, PickListLine, pickListStatuses } from './pick-list.entity.ts';
export { isValidEan13 } from './ean.ts';
export type { PickListView, PickListInput } from './pick-list.service.ts';
export { createFulfilmentService, type FulfilmentService, type Scan } from './fulfilment.service.ts';
export { scannedUnits, closeRound } from './rounds.ts';
export { shortPickChoices, type ShortPickChoice, type ShortReport, type ShortDecision, type ShortPickOutcome } from './short-pick.ts';

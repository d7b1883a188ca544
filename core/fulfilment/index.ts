export { PickList, PickListLine, pickListStatuses } from './pick-list.entity.ts';
export { isValidEan13 } from './ean.ts';
export { createPickList, getPickList, pickListForToken, scanItem, type PickListView } from './pick-list.service.ts';

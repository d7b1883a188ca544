export { Warehouse } from './warehouse.entity.ts';
export { StockLevel } from './stock-level.entity.ts';
export { StockMovement, movementKinds, type MovementKind } from './stock-movement.entity.ts';
export { receiveStock, findWarehouse, type ReceiptInput } from './stock.service.ts';
export { reserveLines, releaseLines, shipLines, insufficientStockError, ReservationShortfall, type StockLine } from './reservation.service.ts';
export { stockLevels, ledgerBalance, type StockView } from './stock.queries.ts';

import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { isAppError } from '../shared/errors.ts';
import { adjustStock, receiveStock, type AdjustmentInput, type ReceiptInput } from './stock.service.ts';
import { stockLevels, type StockView } from './stock.queries.ts';
import { createWarehouse, listWarehouses, setBin, type WarehouseView } from './warehouse.service.ts';
import { cancelTransfer, createTransfer, getTransfer, receiveTransfer, shipTransfer, type TransferInput, type TransferView } from './transfer.service.ts';
import { approveCount, getCount, openCount, openCounts, recordCounted, type CountView, type OpenCount } from './count.service.ts';
import { dueCycleCounts } from './cycle-counts.ts';
import { recomputeAbcClasses, type AbcRun } from './abc-classes.ts';
import { checkIntegrity, integrityMismatches, type IntegrityMismatch } from './integrity.ts';
import { insufficientStockError, ReservationShortfall } from './reservation.service.ts';
import type { AbcClass } from './reorder-policy.entity.ts';

/** Stock at the warehouses: receipts, transfers, counts, bins and the integrity check. */
export interface InventoryService {
  /** Goods arrive at a warehouse; returns the SKUs' stock levels afterwards. */
  receiveStock(input: ReceiptInput): Promise<StockView[]>;
  /** A manager corrects on-hand stock, with a reason (`stock.adjust`). */
  adjustStock(input: AdjustmentInput): Promise<{ sku: string; warehouse: string; onHand: number }>;
  /** Stock levels per warehouse for these SKUs (all when none are given). */
  stockLevels(skus?: string[]): Promise<StockView[]>;
  createWarehouse(input: { code: string; name: string; nameZh?: string | undefined; latitude?: number | undefined; longitude?: number | undefined }, actor: Actor): Promise<WarehouseView>;
  listWarehouses(actor: Actor): Promise<WarehouseView[]>;
  setBin(input: { warehouse?: string | undefined; sku: string; bin: string }, actor: Actor): Promise<void>;
  createTransfer(input: TransferInput): Promise<TransferView>;
  getTransfer(number: string, actor: Actor): Promise<TransferView>;
  shipTransfer(number: string, actor: Actor): Promise<TransferView>;
  receiveTransfer(number: string, actor: Actor): Promise<TransferView>;
  cancelTransfer(number: string, actor: Actor): Promise<TransferView>;
  openCount(input: { warehouse?: string | undefined; skus?: string[] | undefined; abcClass?: AbcClass | undefined; actor: Actor }): Promise<CountView>;
  recordCounted(id: number, counted: Array<{ sku: string; counted: number }>, actor: Actor): Promise<CountView>;
  /** Posts the variances: a manager's decision (`stock.adjust`). */
  approveCount(id: number, actor: Actor): Promise<CountView>;
  getCount(id: number, actor: Actor): Promise<CountView>;
  /** Opens the cycle counts due on `date` (one per warehouse and ABC class with products). */
  openCycleCounts(date: Date, actor: Actor): Promise<CountView[]>;
  /** Counts still open, with how far counting got (the App Home queue). */
  openCounts(actor: Actor): Promise<OpenCount[]>;
  /** The weekly run: ABC classes from the last 90 days' sales value (A 80 %, B 15 %, C 5 %), except those fixed by hand. */
  recomputeAbcClasses(now: Date, actor: Actor): Promise<AbcRun>;
  /** Stock levels that disagree with the ledger or with open reservations; empty when all is well. */
  integrityMismatches(actor: Actor): Promise<IntegrityMismatch[]>;
  /** The same, publishing one `inventory.integrity_mismatch` event when rows disagree. */
  checkIntegrity(actor: Actor): Promise<IntegrityMismatch[]>;
}

export function createInventoryService({ uow, config }: ServiceContext): InventoryService {
  /** A write whose shortfall becomes the 409 with what is available now. */
  const reserving = async <T>(work: Parameters<typeof uow.write<T>>[0]): Promise<T> => {
    try {
      return await uow.write(work);
    } catch (error) {
      if (error instanceof ReservationShortfall) throw await uow.read((em) => insufficientStockError(em, error));
      throw error;
    }
  };
  return {
    adjustStock: async (input) => {
      authorize(input.actor, 'stock.adjust');
      return uow.write((tx) => adjustStock(tx, input));
    },
    receiveStock: async (input) => {
      authorize(input.actor, 'stock.receive');
      return uow.write(async (tx) => {
        await receiveStock(tx, input);
        return stockLevels(tx, input.lines.map((line) => line.sku));
      });
    },
    stockLevels: (skus) => uow.read((em) => stockLevels(em, skus)),
    createWarehouse: async (input, actor) => {
      authorize(actor, 'warehouse.admin');
      return uow.write((tx) => createWarehouse(tx, input));
    },
    listWarehouses: async (actor) => {
      authorize(actor, 'stock.read');
      return uow.read(listWarehouses);
    },
    setBin: async (input, actor) => {
      authorize(actor, 'warehouse.admin');
      await uow.write((tx) => setBin(tx, input));
    },
    createTransfer: async (input) => {
      authorize(input.actor, 'stock.transfer');
      return reserving((tx) => createTransfer(tx, input));
    },
    getTransfer: async (number, actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => getTransfer(em, number));
    },
    shipTransfer: async (number, actor) => {
      authorize(actor, 'stock.transfer');
      return uow.write((tx) => shipTransfer(tx, number, actor));
    },
    receiveTransfer: async (number, actor) => {
      authorize(actor, 'stock.transfer');
      return uow.write((tx) => receiveTransfer(tx, number, actor));
    },
    cancelTransfer: async (number, actor) => {
      authorize(actor, 'stock.transfer');
      return uow.write((tx) => cancelTransfer(tx, number, actor));
    },
    openCount: async (input) => {
      authorize(input.actor, 'stock.count');
      return uow.write((tx) => openCount(tx, input));
    },
    recordCounted: async (id, counted, actor) => {
      authorize(actor, 'stock.count');
      return uow.write((tx) => recordCounted(tx, id, counted, actor));
    },
    approveCount: async (id, actor) => {
      authorize(actor, 'stock.adjust');
      return uow.write((tx) => approveCount(tx, id, actor));
    },
    getCount: async (id, actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => getCount(em, id));
    },
    openCounts: async (actor) => {
      authorize(actor, 'stock.read');
      return uow.read(openCounts);
    },
    recomputeAbcClasses: async (now, actor) => {
      authorize(actor, 'stock.adjust');
      return uow.write((tx) => recomputeAbcClasses(tx, now));
    },
    openCycleCounts: async (date, actor) => {
      authorize(actor, 'stock.count');
      const targets = await uow.read((em) => dueCycleCounts(em, date, config.REPORT_TIMEZONE));
      const opened: CountView[] = [];
      for (const target of targets) {
        try {
          opened.push(await uow.write((tx) => openCount(tx, { warehouse: target.warehouse, abcClass: target.abcClass, actor })));
        } catch (error) {
          // A class whose products all left the warehouse has nothing to count today.
          if (!isAppError(error) || error.code !== 'rule_violation') throw error;
        }
      }
      return opened;
    },
    integrityMismatches: async (actor) => {
      authorize(actor, 'stock.read');
      return uow.read((em) => integrityMismatches(em));
    },
    checkIntegrity: async (actor) => {
      authorize(actor, 'stock.count');
      return uow.write((tx) => checkIntegrity(tx));
    },
  };
}

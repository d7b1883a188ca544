import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import { createPickList, getPickList, pickListForToken, scanItem, type PickListInput, type PickListView } from './pick-list.service.ts';

/** A scan at the packing bench. */
export interface Scan {
  barcode: string;
  quantity?: number | undefined;
}

/** Picking and packing: pick lists by warehouse, barcode scans that pack orders. */
export interface FulfilmentService {
  /** Batches confirmed orders into a pick list; returns it and the one-time token of its printable page. */
  createPickList(input: PickListInput): Promise<{ pickList: PickListView; token: string }>;
  getPickList(number: string, actor: Actor): Promise<PickListView>;
  scan(number: string, scan: Scan, actor: Actor): Promise<PickListView & { packed: string[] }>;
  /** The pick list behind a printable page's token; `unauthenticated` for a wrong one. */
  pickListForToken(number: string, token: string): Promise<PickListView>;
  /**
   * A scan from the printable page: the token is the picker's credential for this one list,
   * so they act as an agent for it (recorded as `staff:picker:<list>`).
   */
  scanWithToken(number: string, token: string, scan: Scan): Promise<PickListView & { packed: string[] }>;
}

export function createFulfilmentService({ uow, clock, config }: ServiceContext): FulfilmentService {
  const byToken = async (number: string, token: string) => {
    const pickList = await uow.read((em) => pickListForToken(em, number, token, clock.now(), config.PICK_LIST_TOKEN_HOURS));
    if (!pickList) throw new AppError('unauthenticated', 'Unknown pick list, wrong or expired token (the list is completed, or its link is too old)');
    return pickList;
  };
  return {
    createPickList: async (input) => {
      authorize(input.actor, 'fulfilment.pick');
      return uow.write((tx) => createPickList(tx, input));
    },
    getPickList: async (number, actor) => {
      authorize(actor, 'fulfilment.pick');
      return uow.read((em) => getPickList(em, number));
    },
    scan: async (number, scan, actor) => {
      authorize(actor, 'fulfilment.pick');
      return uow.write((tx) => scanItem(tx, number, scan, actor));
    },
    pickListForToken: byToken,
    scanWithToken: async (number, token, scan) => {
      const pickList = await byToken(number, token);
      const picker: Actor = { type: 'staff', id: `picker:${pickList.number}`, role: 'agent' };
      return uow.write((tx) => scanItem(tx, pickList.number, scan, picker));
    },
  };
}

import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import type { RefundRoute } from '../payments/index.ts';
import { claimPickList, createPickList, getPickList, openPickLists, pickListForToken, type OpenPickList, type PickListInput, type PickListView } from './pick-list.service.ts';
import { scanItem } from './scanning.ts';
import { decideShort, reportShort, type ShortDecision, type ShortPickOutcome, type ShortReport } from './short-pick.ts';

/** A scan at the packing bench. */
export interface Scan {
  barcode: string;
  quantity?: number | undefined;
}

/** The printable page's token is the picker's credential for this one list: they act as an agent for it. */
const pickerOf = (pickList: PickListView): Actor => ({ type: 'staff', id: `picker:${pickList.number}`, role: 'agent' });

/** Picking and packing: pick lists by warehouse, barcode scans that pack orders. */
export interface FulfilmentService {
  /** Batches confirmed orders into a pick list; returns it and the one-time token of its printable page. */
  createPickList(input: PickListInput): Promise<{ pickList: PickListView; token: string }>;
  getPickList(number: string, actor: Actor): Promise<PickListView>;
  /** A picker takes a list (the first claim wins). */
  claimPickList(number: string, actor: Actor): Promise<PickListView & { claimedBy: string }>;
  /** Pick lists still open, with how far picking got (the App Home queue). */
  openPickLists(actor: Actor): Promise<OpenPickList[]>;
  scan(number: string, scan: Scan, actor: Actor): Promise<PickListView & { packed: string[] }>;
  /** The pick list behind a printable page's token; `unauthenticated` for a wrong one. */
  pickListForToken(number: string, token: string): Promise<PickListView>;
  /**
   * A scan from the printable page: the token is the picker's credential for this one list,
   * so they act as an agent for it (recorded as `staff:picker:<list>`).
   */
  scanWithToken(number: string, token: string, scan: Scan): Promise<PickListView & { packed: string[] }>;
  /** A picker reports units missing on the shelf; staff are asked in Slack what to do. */
  reportShort(number: string, report: ShortReport, actor: Actor): Promise<PickListView>;
  /** The same from the printable page, with its token. */
  reportShortWithToken(number: string, token: string, report: ShortReport): Promise<PickListView>;
  /** Staff decide about missing units: backorder them, ship without them, or cancel the line (refunding what was paid for it). */
  decideShort(decision: ShortDecision, actor: Actor): Promise<ShortPickOutcome>;
}

/** @param refundsByApi Whether a payment provider refunds its own payments by API (the configured one). */
export function createFulfilmentService({ uow, clock, config }: ServiceContext, refundsByApi: RefundRoute = () => false): FulfilmentService {
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
    claimPickList: async (number, actor) => {
      authorize(actor, 'fulfilment.pick');
      return uow.write((tx) => claimPickList(tx, number, actor));
    },
    openPickLists: async (actor) => {
      authorize(actor, 'fulfilment.pick');
      return uow.read(openPickLists);
    },
    scan: async (number, scan, actor) => {
      authorize(actor, 'fulfilment.pick');
      return uow.write((tx) => scanItem(tx, number, scan, actor));
    },
    pickListForToken: byToken,
    scanWithToken: async (number, token, scan) => {
      const pickList = await byToken(number, token);
      return uow.write((tx) => scanItem(tx, pickList.number, scan, pickerOf(pickList)));
    },
    reportShort: async (number, report, actor) => {
      authorize(actor, 'fulfilment.pick');
      return uow.write((tx) => reportShort(tx, number, report, actor));
    },
    reportShortWithToken: async (number, token, report) => {
      const pickList = await byToken(number, token);
      return uow.write((tx) => reportShort(tx, pickList.number, report, pickerOf(pickList)));
    },
    decideShort: async (decision, actor) => {
      authorize(actor, 'fulfilment.short_pick');
      return uow.write((tx) => decideShort(tx, decision, actor, refundsByApi));
    },
  };
}

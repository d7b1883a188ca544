import type { wholesale as en } from '../en/wholesale.ts';

/** 企业账户（批发）：信用冻结、账期与逾期付款。 */
export const wholesale: Record<keyof typeof en, string> = {
  'notice.order_credit_hold': '⏸ 订单 {number} 已收到，目前暂缓处理：贵公司账户{reason}。商品已为您保留，信用额度可用后将立即处理，届时通知您。',
  'credit_hold.credit_limit': '已达到信用额度',
  'credit_hold.overdue': '有逾期未付款项',
  'credit_hold.account_on_hold': '已被暂停',
  'notice.payment_overdue': '⏰ 订单 {number} 的 {amount} 应于 {date} 付清。请尽快付款：付清前贵公司的新订单将暂缓处理。',
  'notice.staff_credit_hold': '订单 {number}（{account}，{customer}，金额 {total}）因信用暂缓：该账户{reason}。',
  'notice.staff_payment_overdue': '订单 {number}（{customer}）：{amount} 未付，应付日期 {date}。',
  'status.credit_hold': '信用额度可用前暂缓',
  'slack.credit.release': '放行（超额批准）',
  'slack.credit.cancel': '取消订单',
  'slack.credit.released_by': '✅ 已由 {name} 于 {time} 放行（超额批准）。',
  'slack.credit.cancelled_by': '✖ 已由 {name} 于 {time} 取消。',
  'slack.credit.already': '订单 {number} 已不在信用暂缓中（当前：{status}）。',
  'catalog.tier': '{from} 件起每件 {price}',
  'catalog.tiers': '贵公司价格：{tiers}（整行所有数量均按该价格计）。',
  'checkout.review.account': '代表 {company} 下单；付款：{terms}。',
  'terms.due': '{date} 前付清',
  'terms.prepaid': '预付',
  'terms.on_fulfillment': '发货时付款',
};

import type { App } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import type { PaymentView } from '../../core/payments/index.ts';
import type { PaymentStatus } from '../../core/orders/index.ts';
import { formatMoney } from '../i18n/index.ts';
import { authorizeStaff, say, type ConsoleDeps } from './console.ts';
import { escapeMrkdwn } from './escape.ts';

/** `250`, `250.5`, `250.50`, `1,250.00` → minor units (two decimals), or null. */
export function parseAmount(text: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.replaceAll(',', ''));
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return minor > 0 ? minor : null;
}

function summary(deps: ConsoleDeps, view: PaymentView): string {
  const money = (minor: number) => formatMoney(minor, view.currency, deps.locale);
  return say(deps, 'slack.paid.summary', {
    number: view.orderNumber, status: say(deps, `payment_status.${view.paymentStatus as PaymentStatus}`), paid: money(view.paidMinor), total: money(view.totalMinor),
    due: money(view.dueMinor), refunding: money(view.refundingMinor), cod: money(view.codOutstandingMinor),
  });
}

/**
 * `/paid <order> <amount> [reference]`: a bank transfer received (partial amounts add up);
 * `/paid <order> cod`: the carrier handed over the cash it collected; `/paid <order> refunded`:
 * the refunds owed were paid back. Finance (and admins) only, checked in core. Answered to the asker.
 */
export function registerPayments(app: App, deps: ConsoleDeps): void {
  const { payments } = deps.core;
  app.command('/paid', async ({ ack, command }) => {
    const access = await authorizeStaff(deps, command.user_id, 'payment.record');
    if ('refusal' in access) return void (await ack({ response_type: 'ephemeral', text: access.refusal }));
    const [rawNumber = '', what = '', ...rest] = command.text.trim().split(/\s+/);
    const number = rawNumber.toUpperCase();
    const amount = parseAmount(what);
    const usage = () => ack({ response_type: 'ephemeral', text: say(deps, 'slack.usage', { usage: say(deps, 'slack.paid.usage') }) });
    if (!/^SO-\d{8}-\d{6,}$/.test(number) || (amount === null && !['cod', 'refunded'].includes(what.toLowerCase()))) return void (await usage());
    const reference = rest.join(' ').slice(0, 200) || undefined;
    try {
      const view = amount !== null
        ? await payments.recordPayment(number, { amountMinor: amount, method: 'bank_transfer', reference, note: `/paid by ${access.staff.name}` }, access.staff.actor)
        : what.toLowerCase() === 'cod' ? await payments.confirmCashHandedOver(number, access.staff.actor) : await payments.settleRefunds(number, access.staff.actor);
      await ack({ response_type: 'ephemeral', text: summary(deps, view) });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable' || error.kind === 'forbidden') throw error;
      const text = error.code === 'not_found' ? say(deps, 'slack.order.not_found', { number })
        : error.code === 'overpayment' ? say(deps, 'slack.paid.overpayment', { number, due: formatMoney(Number(error.details?.dueMinor ?? 0), String(error.details?.currency ?? 'CNY'), deps.locale) })
          : error.code === 'already_exists' ? say(deps, 'slack.paid.duplicate', { reference: escapeMrkdwn(reference ?? '') })
            : error.code === 'rule_violation' ? say(deps, 'slack.paid.online', { number })
              : say(deps, 'slack.paid.nothing', { number });
      await ack({ response_type: 'ephemeral', text });
    }
  });
}

export { Payment, PaymentLink, paymentKinds, paymentStates, type PaymentKind, type PaymentState } from './payment.entity.ts';
export { paymentStatusOf, totalsOf, outstanding, type PaymentTotals } from './payment-status.ts';
export { createPaymentService, type PaymentService } from './payments.service.ts';
export type { PaymentView } from './payment.view.ts';
export { WebhookSignatureError, type PaymentProvider, type CheckoutPage, type CheckoutRequest, type RefundRequest, type ProviderEvent } from './provider.port.ts';
export { collectCashOnDelivery } from './cash-on-delivery.ts';
export { completeRefund, lockOrder, paymentsOfOrder, refreshPaymentStatus, requestRefund, type RefundRoute } from './ledger.ts';
export { onlineMethods } from './online.ts';
export { paymentExpiredReason, type SweepResult } from './sweep.ts';

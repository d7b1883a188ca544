export { Customer, CustomerIdentity, CustomerAddress, locales, identityChannels, type Locale, type IdentityChannel } from './customer.entity.ts';
export { resolveCustomer, rememberAddress, savedAddresses, type CustomerContact, type PostalAddress } from './customer.service.ts';
export { createCustomerService, type CustomerService, type CustomerRef } from './customers.service.ts';
export { CustomerAccount, AccountMember, CreditEntry, accountStatuses, paymentTerms, backorderPolicies, memberRoles, creditEntryKinds } from './account.entity.ts';
export type { AccountStatus, PaymentTerms, BackorderPolicy, MemberRole, CreditEntryKind } from './account.entity.ts';
export { createAccount, updateAccount, addMember, findAccount, accountView, type AccountInput, type MemberInput, type AccountView } from './accounts.ts';
export { openCredit, closeCredit, creditPayment, creditReduced, creditMismatches, overdueOrderCondition } from './credit-ledger.ts';
export { paymentDueAt } from './payment-terms.ts';
export { createAccountService, accountPriceItems, tierPrice, type AccountService, type AccountPrice, type HeldOrderRecheck } from './accounts.service.ts';

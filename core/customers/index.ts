export { Customer, CustomerIdentity, CustomerAddress, locales, identityChannels, type Locale, type IdentityChannel } from './customer.entity.ts';
export { resolveCustomer, rememberAddress, savedAddresses, type CustomerContact, type PostalAddress } from './customer.service.ts';
export { createCustomerService, type CustomerService, type CustomerRef } from './customers.service.ts';

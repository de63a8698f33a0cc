/**
 * The five microservices, as one set per run (cheap: a run makes its own, with its own
 * reporter). Every operation validates its input, passes lib/faults, and answers with a
 * ServiceResult; business failures never throw.
 */
import { resolveDeps, type ServiceDeps } from './context';
import { createCustomerService } from './customer';
import { createInventoryService } from './inventory';
import { createNotificationService } from './notification';
import { createPaymentService } from './payment';
import { createShippingService } from './shipping';

export type { ServiceDeps } from './context';
export type { InventoryService } from './inventory';
export type { PaymentService } from './payment';
export type { ShippingService } from './shipping';
export type { NotificationService } from './notification';
export type { CustomerService } from './customer';
export * from './types';

export function createServices(deps: ServiceDeps) {
  const ctx = resolveDeps(deps);
  return {
    inventory: createInventoryService(ctx),
    payment: createPaymentService(ctx),
    shipping: createShippingService(ctx),
    notification: createNotificationService(ctx),
    customer: createCustomerService(ctx),
  };
}

export type Services = ReturnType<typeof createServices>;

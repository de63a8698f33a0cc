/** The agents and how the CheckoutAgent reaches each specialist. */

export const SPECIALISTS = [
  'InventoryAgent',
  'PaymentAgent',
  'ShippingAgent',
  'NotificationAgent',
  'CustomerAgent',
] as const;
export type SpecialistName = (typeof SPECIALISTS)[number];
export const AGENT_NAMES = ['CheckoutAgent', ...SPECIALISTS] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export const ASK_TOOL: Record<SpecialistName, string> = {
  InventoryAgent: 'ask_inventory_agent',
  PaymentAgent: 'ask_payment_agent',
  ShippingAgent: 'ask_shipping_agent',
  NotificationAgent: 'ask_notification_agent',
  CustomerAgent: 'ask_customer_agent',
};

export const SPECIALIST_BY_ASK_TOOL: Record<string, SpecialistName> = Object.fromEntries(
  SPECIALISTS.map((name) => [ASK_TOOL[name], name]),
);

/** The service each specialist owns (its tools call only this one). */
export const SERVICE_OF: Record<SpecialistName, 'inventory' | 'payment' | 'shipping' | 'notification' | 'customer'> = {
  InventoryAgent: 'inventory',
  PaymentAgent: 'payment',
  ShippingAgent: 'shipping',
  NotificationAgent: 'notification',
  CustomerAgent: 'customer',
};

/** The tool a specialist ends with (its structured answer), and the one the CheckoutAgent ends with. */
export const ANSWER_TOOL = 'answer';
export const FINISH_CHECKOUT_TOOL = 'finish_checkout';

/** Specialist tool names: `<service>_<operation>`, plus `wait`. */
export const TOOLS = {
  inventoryCheck: 'inventory_check',
  inventoryReserve: 'inventory_reserve',
  inventoryRelease: 'inventory_release',
  inventoryCommit: 'inventory_commit',
  paymentAuthorize: 'payment_authorize',
  paymentCapture: 'payment_capture',
  paymentVoid: 'payment_void',
  paymentRefund: 'payment_refund',
  paymentStatus: 'payment_status',
  shippingQuote: 'shipping_quote',
  shippingCreateLabel: 'shipping_create_label',
  shippingCancelLabel: 'shipping_cancel_label',
  shippingHold: 'shipping_hold',
  notificationSendEmail: 'notification_send_email',
  notificationSendSms: 'notification_send_sms',
  notificationQueue: 'notification_queue',
  notificationStatus: 'notification_status',
  customerGetProfile: 'customer_get_profile',
  customerListPaymentMethods: 'customer_list_payment_methods',
  customerRequestNewCard: 'customer_request_new_card',
  customerCheckCardRequest: 'customer_check_card_request',
  wait: 'wait',
} as const;

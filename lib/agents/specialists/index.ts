import type { SpecialistName } from '@/lib/protocol/agents';
import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { AgentDefinition } from '../agent-loop';
import { customerAgent } from './customer-agent';
import { inventoryAgent } from './inventory-agent';
import { notificationAgent } from './notification-agent';
import { paymentAgent } from './payment-agent';
import { shippingAgent } from './shipping-agent';

export const SPECIALIST_AGENTS: Record<SpecialistName, AgentDefinition<SpecialistAnswer>> = {
  InventoryAgent: inventoryAgent,
  PaymentAgent: paymentAgent,
  ShippingAgent: shippingAgent,
  NotificationAgent: notificationAgent,
  CustomerAgent: customerAgent,
};

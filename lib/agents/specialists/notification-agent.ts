import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { AgentDefinition } from '../agent-loop';
import { serviceTool } from '../service-tool';
import { waitTool } from '../wait-tool';
import { SPECIALIST_FINISH, SPECIALIST_RULES } from './common';

// Module constants: a tool's schema is converted for the model once per process (./tool-schema).
const EMAIL_INPUT = z.object({
  customerId: z.string(),
  orderId: z.string().optional(),
  subject: z.string(),
  body: z.string(),
});
const SMS_INPUT = z.object({ customerId: z.string(), orderId: z.string().optional(), body: z.string() });
const SEND_INPUT = z.object({
  customerId: z.string(),
  orderId: z.string().optional(),
  channel: z.enum(['email', 'sms']),
  subject: z.string().optional(),
  body: z.string(),
});
const STATUS_INPUT = z.object({ notificationId: z.string() });

export const notificationAgent: AgentDefinition<SpecialistAnswer> = {
  finish: SPECIALIST_FINISH,
  name: 'NotificationAgent',
  instructions: `You are the NotificationAgent: you tell customers about their orders by email (or SMS).
If the provider is down, wait and retry a few times; if it stays down, queue the message (notification_queue): it is
delivered once the provider is back. A queued message is a done job: answer ok with status "queued".
When the task names the address on file (to), a reply naming another recipient is checked with notification_status.
${SPECIALIST_RULES}`,
  tools: (ctx, span) => {
    const n = ctx.services.notification;
    return {
      [TOOLS.notificationSendEmail]: serviceTool(ctx, 'NotificationAgent', span, TOOLS.notificationSendEmail, {
        description: 'Send an email to a customer.',
        service: 'notification',
        operation: 'sendEmail',
        inputSchema: EMAIL_INPUT,
        call: (i, toolCall) => n.sendEmail(i, toolCall),
      }),
      [TOOLS.notificationSendSms]: serviceTool(ctx, 'NotificationAgent', span, TOOLS.notificationSendSms, {
        description: 'Send an SMS to a customer.',
        service: 'notification',
        operation: 'sendSms',
        inputSchema: SMS_INPUT,
        call: (i, toolCall) => n.sendSms(i, toolCall),
      }),
      [TOOLS.notificationQueue]: serviceTool(ctx, 'NotificationAgent', span, TOOLS.notificationQueue, {
        description: 'Queue an email or SMS for delivery once the provider is back (when sending keeps failing).',
        service: 'notification',
        operation: 'queue',
        inputSchema: SEND_INPUT,
        call: (i, toolCall) => n.queue(i, toolCall),
      }),
      [TOOLS.notificationStatus]: serviceTool(ctx, 'NotificationAgent', span, TOOLS.notificationStatus, {
        description: "The outbox's record of a message (recipient, sent or queued): to check a reply against.",
        service: 'notification',
        operation: 'status',
        inputSchema: STATUS_INPUT,
        call: (i, toolCall) => n.status(i, toolCall),
      }),
      [TOOLS.wait]: waitTool(ctx, 'NotificationAgent', span),
    };
  },
};

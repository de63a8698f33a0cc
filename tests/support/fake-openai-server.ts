import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { OfflinePlannerModel } from '@/lib/planner/offline-planner-model';

/** The parts of an OpenAI chat-completions request this fake reads. */
interface ChatRequest {
  model: string;
  messages: {
    role: 'system' | 'user' | 'assistant' | 'tool';
    content: string | null | { type: string; text?: string }[];
    tool_calls?: { id: string; function: { name: string; arguments: string } }[];
    tool_call_id?: string;
  }[];
  tools?: { type: 'function'; function: { name: string; description?: string; parameters: unknown } }[];
}

export interface ToolCallReply {
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
  text?: string;
}

/** Lets a test replace the model's answer for one request (a compromised model, say); undefined keeps the planner's. */
export type Override = (request: ChatRequest) => ToolCallReply | undefined;

const text = (content: ChatRequest['messages'][number]['content']) =>
  typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join('');

/** OpenAI chat messages → the AI SDK prompt, so the offline planner can be the brain behind the fake. */
function toPrompt(request: ChatRequest): LanguageModelV4Prompt {
  const names = new Map<string, string>();
  return request.messages.map((m) => {
    if (m.role === 'system') return { role: 'system', content: text(m.content) };
    if (m.role === 'user') return { role: 'user', content: [{ type: 'text', text: text(m.content) }] };
    if (m.role === 'assistant') {
      for (const c of m.tool_calls ?? []) names.set(c.id, c.function.name);
      return {
        role: 'assistant',
        content: [
          ...(text(m.content) ? [{ type: 'text' as const, text: text(m.content) }] : []),
          ...(m.tool_calls ?? []).map((c) => ({ type: 'tool-call' as const, toolCallId: c.id, toolName: c.function.name, input: c.function.arguments })),
        ],
      };
    }
    let value: unknown = text(m.content);
    try {
      value = JSON.parse(String(value));
    } catch {
      // plain text result
    }
    return { role: 'tool', content: [{ type: 'tool-result', toolCallId: m.tool_call_id!, toolName: names.get(m.tool_call_id!) ?? '', output: { type: 'json', value: value as never } }] };
  });
}

/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 that answers /v1/chat/completions with
 * tool calls, as a real provider would. Its answers come from the offline planner (so a whole
 * checkout can run through the real provider code over HTTP) unless `override` answers first.
 */
export async function startFakeOpenAIServer(override?: Override) {
  const planner = new OfflinePlannerModel('fake-gpt');
  const requests: ChatRequest[] = [];
  let n = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    requests.push(request);
    let reply = override?.(request);
    if (!reply) {
      const result = await planner.doGenerate({
        prompt: toPrompt(request),
        tools: (request.tools ?? []).map((t) => ({ type: 'function', name: t.function.name, description: t.function.description, inputSchema: t.function.parameters as never })),
      });
      reply = {
        toolCalls: result.content.flatMap((p) => (p.type === 'tool-call' ? [{ name: p.toolName, arguments: JSON.parse(p.input) as Record<string, unknown> }] : [])),
        text: result.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(''),
      };
    }
    const toolCalls = (reply.toolCalls ?? []).map((c) => ({ id: `call_${++n}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: `chatcmpl_${n}`, object: 'chat.completion', created: 0, model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

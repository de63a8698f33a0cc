/** Types of edge.mjs (plain JavaScript so that server.mjs runs before any build). */

export interface EdgeReply {
  status: number;
  code: string;
  message: string;
  fields: { path: string; message: string }[];
  headers: Record<string, string>;
}

export const MAX_BODY_BYTES: number;
export const ROUTE_MAX_BODY_BYTES: Readonly<Record<string, number>>;
export function maxBodyBytesFor(pathname: string): number;
export const DEFAULT_BODY_TIMEOUT_MS: number;
export const SERVER_METHODS: readonly string[];
export const API_ROUTE_METHODS: Readonly<Record<string, readonly string[]>>;
export const FORBIDDEN_KEYS: readonly string[];
export function bodyTimeoutMs(env: Record<string, string | undefined>): number;
export function apiRouteOf(pathname: string): string | null;
export function allowedMethods(pathname: string): string[];
export function targetReply(method: string, url: string): EdgeReply | null;
export function methodRefusal(method: string, pathname: string): EdgeReply | null;
export function urlRefusal(url: string): EdgeReply | null;
export function declaredSizeRefusal(
  headers: Record<string, string | string[] | undefined>,
  maxBytes?: number,
): EdgeReply | null;
export function tooLarge(maxBytes?: number): EdgeReply;
export function bodyTimedOut(ms: number): EdgeReply;
export function hasBody(headers: Record<string, string | string[] | undefined>): boolean;
export function clientErrorReply(code: string | undefined): EdgeReply;
export function errorJson(reply: EdgeReply): string;

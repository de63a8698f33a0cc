import { createHash, timingSafeEqual } from 'node:crypto';
import { errorResponse } from './responses';

/**
 * Who may change things. The control panel and every mutating request answer only to
 * loopback callers, unless ADMIN_TOKEN is set: then only to callers that present it (as
 * `Authorization: Bearer …` or the `admin_token` cookie that `/chaos?token=…` sets once).
 * Reads stay open. Pure policy: proxy.ts feeds it what the request says.
 */

/**
 * The caller's address as the socket saw it. server.mjs overwrites it on every request (a
 * client-sent copy never survives), because Next keeps a client-sent X-Forwarded-For.
 */
export const REMOTE_ADDRESS_HEADER = 'x-aco-remote-address';
export const ADMIN_COOKIE = 'admin_token';
/** The query parameter that turns a one-time /chaos link into the cookie. */
export const TOKEN_QUERY_PARAM = 'token';
export const CONTROL_PANEL_PATH = '/chaos';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the policy needs to know about a request; every field is as the client sent it except remoteAddress. */
export interface AccessRequest {
  method: string;
  pathname: string;
  /** From REMOTE_ADDRESS_HEADER; null when the app was not started through server.mjs. */
  remoteAddress: string | null;
  host: string | null;
  origin: string | null;
  authorization: string | null;
  cookieToken: string | null;
  queryToken: string | null;
}

export interface AccessConfig {
  /** null: loopback-only mode. */
  adminToken: string | null;
}

export type AccessDenial = { status: 401 | 403; code: string; message: string };

export type AccessDecision =
  | { kind: 'open' }
  | { kind: 'allow' }
  /** A correct one-time token on the control panel: set the cookie and drop the token from the address bar. */
  | { kind: 'set-cookie'; token: string }
  | ({ kind: 'deny' } & AccessDenial);

/** ADMIN_TOKEN from the environment; blank counts as unset. */
export function accessConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AccessConfig {
  const token = env.ADMIN_TOKEN?.trim();
  return { adminToken: token ? token : null };
}

/** Mutating requests anywhere (unknown methods included: fail closed) and the control panel. */
export function isProtected(method: string, pathname: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase()) || isControlPanel(pathname);
}

function isControlPanel(pathname: string): boolean {
  return pathname === CONTROL_PANEL_PATH || pathname.startsWith(`${CONTROL_PANEL_PATH}/`);
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x (how a dual-stack socket reports IPv4 loopback). */
export function isLoopbackAddress(address: string | null): boolean {
  if (!address) return false;
  const a = address.trim().toLowerCase();
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  const octets = v4.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/**
 * A Host header naming this machine. In loopback mode it is checked too: a page on another
 * site can rebind its own name to 127.0.0.1 (DNS rebinding) and so be a "loopback caller",
 * but it cannot make the browser send Host: localhost; and a reverse proxy on this machine,
 * through which every caller looks local, sends its public name.
 */
export function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d+$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || isLoopbackAddress(name);
}

/** An Origin header, when a browser sent one, must be this site: a cross-site page cannot act for its visitor. */
function isSameOrigin(origin: string | null, host: string | null): boolean {
  if (origin === null) return true;
  try {
    return host !== null && new URL(origin).host === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

function bearerToken(authorization: string | null): string | null {
  const match = authorization?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/** Equal in time independent of where they differ and of their lengths (both are hashed first). */
export function tokensEqual(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function decideAccess(request: AccessRequest, config: AccessConfig): AccessDecision {
  if (!isProtected(request.method, request.pathname)) return { kind: 'open' };
  if (!isSameOrigin(request.origin, request.host)) {
    return {
      kind: 'deny',
      status: 403,
      code: 'cross_origin',
      message: `Requests from ${request.origin} may not change this app.`,
    };
  }
  if (config.adminToken === null) return loopbackOnly(request);

  const presented = bearerToken(request.authorization) ?? request.cookieToken;
  if (presented !== null && tokensEqual(presented, config.adminToken)) return { kind: 'allow' };
  const oneTime =
    isControlPanel(request.pathname) && request.method.toUpperCase() === 'GET' ? request.queryToken : null;
  if (oneTime !== null && tokensEqual(oneTime, config.adminToken))
    return { kind: 'set-cookie', token: config.adminToken };
  return {
    kind: 'deny',
    status: 401,
    code: 'unauthorized',
    message:
      presented === null && oneTime === null
        ? 'This needs the admin token: send Authorization: Bearer <ADMIN_TOKEN>, or open /chaos?token=<ADMIN_TOKEN> once in the browser.'
        : 'The admin token is wrong.',
  };
}

function loopbackOnly(request: AccessRequest): AccessDecision {
  if (!isLoopbackAddress(request.remoteAddress)) {
    return {
      kind: 'deny',
      status: 403,
      code: 'forbidden',
      message:
        request.remoteAddress === null
          ? "The caller's address is unknown (start the app with `node server.mjs`, i.e. `npm start`); set ADMIN_TOKEN to allow remote callers."
          : 'Only callers on this machine may do this; set ADMIN_TOKEN on the server to allow remote callers with the token.',
    };
  }
  if (!isLoopbackHost(request.host)) {
    return {
      kind: 'deny',
      status: 403,
      code: 'forbidden',
      message: `Host ${request.host ?? '(none)'} is not this machine; set ADMIN_TOKEN to serve under another name.`,
    };
  }
  return { kind: 'allow' };
}

/** A denial in the one error shape; 401 says how to authenticate. */
export function accessDeniedResponse(denial: AccessDenial): Response {
  const response = errorResponse(denial.status, denial.code, denial.message);
  if (denial.status === 401) response.headers.set('WWW-Authenticate', 'Bearer realm="agent-checkout-observatory"');
  return response;
}

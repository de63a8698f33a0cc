import { NextResponse, type NextRequest } from 'next/server';
import {
  ADMIN_COOKIE,
  REMOTE_ADDRESS_HEADER,
  TOKEN_QUERY_PARAM,
  accessConfigFromEnv,
  accessDeniedResponse,
  decideAccess,
} from '@/lib/http/access';

/**
 * The access gate in front of every route (Next 16's proxy, Node runtime): mutating requests
 * and the control panel go through lib/http/access.ts; everything else passes untouched.
 */
export function proxy(request: NextRequest): Response {
  const { headers, nextUrl } = request;
  const decision = decideAccess(
    {
      method: request.method,
      pathname: nextUrl.pathname,
      remoteAddress: headers.get(REMOTE_ADDRESS_HEADER),
      host: headers.get('host'),
      origin: headers.get('origin'),
      authorization: headers.get('authorization'),
      cookieToken: request.cookies.get(ADMIN_COOKIE)?.value ?? null,
      queryToken: nextUrl.searchParams.get(TOKEN_QUERY_PARAM),
    },
    // Read per request, not at build time: the token belongs to the running server.
    accessConfigFromEnv(),
  );
  switch (decision.kind) {
    case 'open':
    case 'allow':
      return NextResponse.next();
    case 'deny':
      return accessDeniedResponse(decision);
    case 'set-cookie': {
      const target = nextUrl.clone();
      target.searchParams.delete(TOKEN_QUERY_PARAM);
      const response = NextResponse.redirect(target, 303);
      response.cookies.set(ADMIN_COOKIE, decision.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: nextUrl.protocol === 'https:',
      });
      return response;
    }
  }
}

export const config = {
  // Not the static assets: they are public and the gate has nothing to say about them.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};

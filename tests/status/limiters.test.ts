// The limiter data in src/http/rate-limit.ts, pinned against the real packages: each
// limiter runs in-process and the test checks what the data says of it (which calls reject
// on refusal, which answer with a flag, which options run before or after the status is
// set). @upstash/ratelimit needs Redis to run; its data is pinned against its types.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ratelimit } from '@upstash/ratelimit';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { Hono } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { RateLimiter as TokenLimiter } from 'limiter';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { type LimiterLibrary, limiterLibraries } from '../../src/http/index.js';
import { getNameWords, isLimiterName } from '../../src/status/limiters.js';

function library(name: string): LimiterLibrary {
  const found = (limiterLibraries as readonly LimiterLibrary[]).find((entry) => entry.library === name);
  if (!found) {
    throw new Error(`no data for ${name}`);
  }
  return found;
}

function method(name: string, methodName: string): LimiterLibrary['methods'] extends readonly (infer M)[] | undefined ? M | undefined : never {
  return library(name).methods?.find((entry) => entry.method === methodName);
}

describe('rate-limiter-flexible', () => {
  it('consume() rejects with a RateLimiterRes, not an Error, once the points are used up', async () => {
    expect(method('rate-limiter-flexible', 'consume')?.refusal).toBe('rejects');
    expect(library('rate-limiter-flexible').refusalClasses).toContain('RateLimiterRes');
    const limiter = new RateLimiterMemory({ points: 1, duration: 60 });
    await limiter.consume('k');
    const refusal: unknown = await limiter.consume('k').catch((value: unknown) => value);
    expect(refusal).toBeInstanceOf(RateLimiterRes);
    expect(refusal).not.toBeInstanceOf(Error);
  });

  it('consume() rejects with the store\'s Error when the store fails', async () => {
    // A Redis client that never connected: every command fails.
    const client = { status: 'end', rlflxIncr: () => Promise.reject(new Error('store down')) };
    const limiter = new RateLimiterRedis({ storeClient: client, points: 1, duration: 60 });
    const failure: unknown = await limiter.consume('k').catch((value: unknown) => value);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(RateLimiterRes);
  });

  it('penalty() resolves past the limit: it is no refusal', async () => {
    expect(method('rate-limiter-flexible', 'penalty')).toBeUndefined();
    const limiter = new RateLimiterMemory({ points: 1, duration: 60 });
    await limiter.consume('k');
    await expect(limiter.penalty('k', 5)).resolves.toBeInstanceOf(RateLimiterRes);
  });
});

describe('limiter', () => {
  it('tryRemoveTokens() answers with a boolean; removeTokens() resolves -1 when refused', async () => {
    expect(method('limiter', 'tryRemoveTokens')).toMatchObject({ refusal: 'flag', flag: null });
    expect(method('limiter', 'removeTokens')).toMatchObject({ refusal: 'flag', flag: null });
    const limiter = new TokenLimiter({ tokensPerInterval: 1, interval: 'minute', fireImmediately: true });
    expect(limiter.tryRemoveTokens(1)).toBe(true);
    expect(limiter.tryRemoveTokens(1)).toBe(false);
    await expect(limiter.removeTokens(1)).resolves.toBe(-1);
  });

  it('removeTokens() rejects only for a request larger than the bucket: a failure, not a refusal', async () => {
    const limiter = new TokenLimiter({ tokensPerInterval: 1, interval: 'minute', fireImmediately: true });
    await expect(limiter.removeTokens(5)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('@upstash/ratelimit', () => {
  it('limit() and blockUntilReady() resolve a response whose success says whether the caller may go on', () => {
    expect(method('@upstash/ratelimit', 'limit')).toMatchObject({ refusal: 'flag', flag: 'success' });
    expect(method('@upstash/ratelimit', 'blockUntilReady')).toMatchObject({ refusal: 'flag', flag: 'success' });
    expect(library('@upstash/ratelimit').limiterClasses).toContain('Ratelimit');
    // Checked by the type-check: the declared answers carry a boolean `success`.
    expectTypeOf<Awaited<ReturnType<Ratelimit['limit']>>['success']>().toEqualTypeOf<boolean>();
    expectTypeOf<Awaited<ReturnType<Ratelimit['blockUntilReady']>>['success']>().toEqualTypeOf<boolean>();
  });
});

describe('express-rate-limit', () => {
  let server: Server | null = null;

  afterEach(async () => {
    if (server) {
      server.close();
      await once(server, 'close');
      server = null;
    }
  });

  /** Serves `app` on a free local port, sends two requests, answers the second's status and what the limiter's function saw. */
  async function secondRequest(app: express.Express): Promise<number> {
    server = createServer(app);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${String(port)}/`);
    const response = await fetch(`http://127.0.0.1:${String(port)}/`);
    await response.text();
    return response.status;
  }

  function makeApp(limiter: express.RequestHandler): express.Express {
    const app = express();
    app.use(limiter);
    app.get('/', (_req, res) => res.json({ ok: true }));
    return app;
  }

  it('sets `statusCode` before it calls a `message` function, so its res.json() goes out as 429', async () => {
    expect(library('express-rate-limit').middleware?.afterStatusOptions).toContain('message');
    let seen = 0;
    const status = await secondRequest(
      makeApp(
        rateLimit({
          windowMs: 60_000,
          limit: 1,
          validate: false,
          message: (_req: express.Request, res: express.Response) => {
            seen = res.statusCode;
            res.json({ error: 'Too many requests' });
          },
        }),
      ),
    );
    expect({ seen, status }).toEqual({ seen: 429, status: 429 });
  });

  it('a `handler` replaces the answer, status included: res.json() there goes out as 200', async () => {
    expect(library('express-rate-limit').middleware?.handlerOptions).toContain('handler');
    const status = await secondRequest(
      makeApp(
        rateLimit({
          windowMs: 60_000,
          limit: 1,
          validate: false,
          handler: (_req: express.Request, res: express.Response) => {
            // eslint-disable-next-line leakguard/no-rate-limit-200 -- the defect this test demonstrates
            res.json({ error: 'Too many requests' });
          },
        }),
      ),
    );
    expect(status).toBe(200);
  });

  it('`statusCode` is the status the refusal goes out with', async () => {
    expect(library('express-rate-limit').middleware?.statusOption).toBe('statusCode');
    // eslint-disable-next-line leakguard/no-rate-limit-200 -- the defect this test demonstrates
    const limiter = rateLimit({ windowMs: 60_000, limit: 1, validate: false, statusCode: 200, message: { error: 'Too many requests' } });
    expect(await secondRequest(makeApp(limiter))).toBe(200);
  });
});

describe('hono-rate-limiter', () => {
  function makeApp(options: Partial<Parameters<typeof rateLimiter>[0]>): Hono {
    const app = new Hono();
    app.use(rateLimiter({ windowMs: 60_000, limit: 1, keyGenerator: () => 'k', ...options }));
    app.get('/', (c) => c.json({ ok: true }));
    return app;
  }

  async function secondStatus(app: Hono): Promise<number> {
    await app.request('/');
    return (await app.request('/')).status;
  }

  it('sends `message` (or what its function answers) with `statusCode`, 429 by default', async () => {
    expect(library('hono-rate-limiter').middleware).toMatchObject({ statusOption: 'statusCode', afterStatusOptions: ['message'] });
    expect(await secondStatus(makeApp({ message: () => ({ error: 'Too many requests' }) }))).toBe(429);
  });

  it('a `handler` replaces the answer: c.json() there goes out as 200', async () => {
    expect(library('hono-rate-limiter').middleware?.handlerOptions).toContain('handler');
    // eslint-disable-next-line leakguard/no-rate-limit-200 -- the defect this test demonstrates
    expect(await secondStatus(makeApp({ handler: (c) => c.json({ error: 'Too many requests' }) }))).toBe(200);
  });
});

describe('limiter names, as words', () => {
  it.each([
    ['rateLimiter', true],
    ['apiRateLimiter', true],
    ['RATE_LIMIT', true],
    ['loginThrottle', true],
    ['quota', true],
    ['quotaService', true],
    ['tooManyRequests', true],
    ['storageQuota', false],
    ['unlimited', false],
    ['limit', false],
    ['pageLimit', false],
    ['delimiter', false],
  ])('%s → %s', (name, expected) => {
    expect(isLimiterName(name)).toBe(expected);
  });

  it('splits camel case, snake case and acronyms', () => {
    expect(getNameWords('HTTPRateLimiter_v2')).toEqual(['http', 'rate', 'limiter', 'v2']);
  });
});

import { Router } from 'express';

export const limits = Router();

// Each client may ask for this many fee quotes per window; merchants' checkout pages call
// the quote endpoint on every cart change, so a runaway script hits it hard.
const QUOTES_PER_WINDOW = Number(process.env.RATE_LIMIT_MAX ?? 120);
const WINDOW_MS = Number(process.env.RATE_LIMIT_WINDOW_MS ?? 60_000);

const windows = new Map();

/** Counts one request for `key` in the current fixed window; true once the key is over its quota. */
function isRateLimited(key) {
  const now = Date.now();
  const current = windows.get(key);
  if (current === undefined || now - current.startedAt >= WINDOW_MS) {
    windows.set(key, { startedAt: now, count: 1 });
    return false;
  }
  current.count += 1;
  return current.count > QUOTES_PER_WINDOW;
}

function quote(req, res) {
  const amountCents = Number(req.query.amountCents ?? 0);
  res.json({ amountCents, feeCents: Math.round(amountCents * 0.029) + 30 });
}

// BUG (leakguard/no-rate-limit-200): this is the incident's other half. The limiter
// refuses the caller but answers HTTP 200 with the refusal in the body, so every alert
// keyed on non-2xx status codes stays silent while callers are being turned away.
function quoteLimiter(req, res, next) {
  if (isRateLimited(`v1:${req.ip}`)) {
    res.json({ code: 429, msg: 'rate limit triggered, retry later' });
    return;
  }
  next();
}

limits.get('/v1/quote', quoteLimiter, quote);

// OK: the same limiter answering 429 Too Many Requests, which callers can back off on and
// monitoring counts as a failure.
function quoteLimiterFixed(req, res, next) {
  if (isRateLimited(`v2:${req.ip}`)) {
    res.set('Retry-After', String(Math.ceil(WINDOW_MS / 1000)));
    res.status(429).json({ code: 429, msg: 'rate limit triggered, retry later' });
    return;
  }
  next();
}

limits.get('/v2/quote', quoteLimiterFixed, quote);

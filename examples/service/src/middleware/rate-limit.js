import rateLimit from 'express-rate-limit';
import { RateLimiterMemory } from 'rate-limiter-flexible';

// BUG (leakguard/no-rate-limit-200): the incident's second half. The limiter refuses the
// request but answers 200 with the refusal in the body, so every dashboard and alert keyed
// on 429 or non-2xx rates stays silent while callers are being turned away.
export const apiLimit = rateLimit({
  windowMs: 60_000,
  limit: 600,
  handler: (req, res) => {
    res.json({ code: 429, msg: 'rate limit triggered' });
  },
});

// OK: the same limiter answering 429 (express-rate-limit's default), with Retry-After.
export const apiLimitFixed = rateLimit({
  windowMs: 60_000,
  limit: 600,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
});

const perAccount = new RateLimiterMemory({ points: 20, duration: 1 });

// BUG (leakguard/no-rate-limit-200): a hand-written limiter whose refusal is a 200.
export async function accountLimit(req, res, next) {
  try {
    await perAccount.consume(req.params.account ?? req.ip);
  } catch {
    res.json({ error: 'too many requests for this account' });
    return;
  }
  next();
}

// OK: the refusal is a 429 with the time to wait.
export async function accountLimitFixed(req, res, next) {
  try {
    await perAccount.consume(req.params.account ?? req.ip);
  } catch (rejection) {
    res.set('Retry-After', String(Math.ceil(rejection.msBeforeNext / 1000)));
    res.status(429).json({ error: 'too many requests for this account' });
    return;
  }
  next();
}

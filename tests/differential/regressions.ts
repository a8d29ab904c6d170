// Disagreements the differential test found (survey.test.ts, 2026-11-25, against the
// versions of no-leaked-connection of that day), minimised by fast-check, minimize.ts and
// by hand. Each is checked on every run: against the executor (so `leaks` stays true to
// JavaScript) and against the rule, acquisition by acquisition (compare.ts). Sources are
// printed by program.ts, so parse.ts reads them back exactly.

export interface Regression {
  /** What the program does, and what the analysis got wrong when it was found. */
  note: string;
  source: string;
  /** Whether some concrete run ends with a connection out. */
  leaks: boolean;
}

const header = "import pg from 'pg';\nconst pool = new pg.Pool();\n\n";

export const regressions: Regression[] = [
  {
    note: "a loop whose test reads another connection's variable, with a release inside: that variable is no flag, and the leak of `c3` on the path that skips the loop must be reported (analysis, 2026-11-25 session 2: treated `c1` as a flag and stayed silent on `c3`)",
    leaks: true,
    source: `${header}export async function run(st, xs) {
  let c1;
  const c3 = await pool.connect();
  while (c1) {
    c3.release();
    c1 = await pool.connect();
  }
}
`,
  },
  {
    note: "`x = x ?? await pool.connect()` with x already open keeps the same connection: no overwrite, no new acquisition (analysis: reports `overwritten`)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  let c0;
  c0 = await pool.connect();
  c0 = c0 ?? await pool.connect();
  c0.release();
}
`,
  },
  {
    note: "a `finally` that throws replaces `return c`: the connection never reaches the caller (analysis: treats `return c` as a hand-off at the return statement)",
    leaks: true,
    source: `${header}export async function run(st, xs) {
  const c3 = await pool.connect();
  try {
    return c3;
  } finally {
    await f();
  }
}
`,
  },
  {
    note: "a `finally` that returns replaces `return c`: the returned connection is dropped (analysis: hand-off at the return statement)",
    leaks: true,
    source: `${header}export async function run(st, xs) {
  const c3 = await pool.connect();
  try {
    return c3;
  } finally {
    return;
  }
}
`,
  },
  {
    note: "early return inside the acquiring branch, where the connection is certainly open (analysis: over-broad 'acquired on one side of a choice' silence \u2014 the guard is inside that side)",
    leaks: true,
    source: `${header}export async function run(st, xs) {
  let c0;
  if (st.k0) {
    c0 = await pool.connect();
    if (st.k1) {
      c0.release();
    } else {
      return;
    }
  }
}
`,
  },
  {
    note: "`release()` of an open connection does not throw, so `c0` is released on every path (analysis: `c3.release()` may throw, skipping `c0.release()`)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  let c0;
  const c3 = await pool.connect();
  try {
    c0 = await pool.connect();
  } catch {
    c3.release();
    return;
  }
  c3.release();
  c0.release();
}
`,
  },
  {
    note: "an acquisition in unreachable code after `return` (analysis: reports unreachable code)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  return;
  const c3 = await pool.connect();
}
`,
  },
  {
    note: "an acquisition in the `catch` of an empty `try`, which is unreachable (analysis: reports unreachable code)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  try {
  } catch {
    await pool.connect();
  }
}
`,
  },
  {
    note: "`!c || c.release()` releases every connection (analysis: does not narrow `!c` on the right of `||`)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  const c3 = await pool.connect();
  !c3 || c3.release();
}
`,
  },
  {
    note: "`let c0;` is undefined, so `if (c0)` is dead code (analysis: does not know an unassigned `let` is undefined)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  let c0;
  if (c0) {
    c0 = await pool.connect();
  }
}
`,
  },
  {
    note: "a connection is never nullish, so `if (!c3)` is dead code (analysis: the tracking of `c4` does not narrow on another resource's variable)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  const c3 = await pool.connect();
  if (!c3) {
    const c4 = await pool.connect();
  }
  c3.release();
}
`,
  },
  {
    note: "`c0.release()` on an undefined `c0` always throws a TypeError, so the rest is dead code (analysis: the call may complete normally). Low priority: the program is broken anyway",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  let c0;
  c0.release();
  const c3 = await pool.connect();
}
`,
  },
  {
    note: "`c0.release()` throws a TypeError when `connect()` for `c0` failed, skipping `c3.release()` (analysis, after `release()` was made non-throwing: misses it; a release call cannot throw only when its receiver certainly holds a connection)",
    leaks: true,
    source: `${header}export async function run(st, xs) {
  let c0;
  const c3 = await pool.connect();
  try {
    c0 = await pool.connect();
    await f();
  } finally {
    c0.release();
    c3.release();
  }
}
`,
  },
  {
    note: "a `finally` that returns replaces `return c3`, with `c3` declared inside the `try` (analysis, after the fix for `return c` declared outside the `try`: still a hand-off)",
    leaks: true,
    source: `${header}export async function run(st, xs) {
  try {
    const c3 = await pool.connect();
    return c3;
  } finally {
    return;
  }
}
`,
  },
  {
    note: "the `catch` after only `c1.release()` is unreachable (analysis, after the release fix: the tracking of `c3` still takes another connection's `release()` to throw)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  const c1 = await pool.connect();
  try {
    c1.release();
  } catch {
    const c3 = await pool.connect();
  }
}
`,
  },
  {
    note: "a `finally` that returns the same connection as the `try` does not drop it (analysis: took any `return` in `finally` for an override)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  const c3 = await pool.connect();
  try {
    return c3;
  } finally {
    return c3;
  }
}
`,
  },
  {
    note: "a `finally` that releases the returned connection and then throws drops nothing: the throw replaces the return, but the connection is already back (analysis, fuzz at 20,000: took the overridden return for a loss whatever the `finally` did)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  const c3 = await pool.connect();
  try {
    return c3;
  } finally {
    c3.release();
    await f();
  }
}
`,
  },
  {
    note: "the same with `c?.release()` on a `let` and a `throw` (analysis: the optional call's nullish branch kept the returned connection open)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  let c0;
  try {
    c0 = await pool.connect();
    return c0;
  } finally {
    c0?.release();
    throw new Error();
  }
}
`,
  },
  {
    note: "`return c` whose `finally` loops forever: the function never ends and the connection is held by the pending return, as by a variable in scope before an endless loop — no leak on either side (executor, fuzz at 20,000: counted it as lost)",
    leaks: false,
    source: `${header}export async function run(st, xs) {
  try {
    const c3 = await pool.connect();
    return c3;
  } finally {
    for (;;) {
    }
  }
}
`,
  },
  {
    note: "`pool.releaseConnection(c)` (mysql2) gives a connection back without throwing, as `c.release()` does: the `catch` after it is unreachable (analysis, fuzz at 20,000: took the pool call to throw)",
    leaks: true,
    source: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});

export async function run(st, xs) {
  const c3 = await pool.getConnection();
  try {
    pool.releaseConnection(c3);
  } catch {
    const c4 = await pool.getConnection();
  }
  const c5 = await pool.getConnection();
}
`,
  },
];

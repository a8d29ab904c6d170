// Generated inputs of the main bench table (scripts/bench.js): files of many small pg
// functions in six shapes, correct and leaking, and one function of many branching blocks,
// each at growing scales.

/** Six shapes of pg code, correct and leaking, cycled through by index. */
const FUNCTION_SHAPES = [
  // Correct: try/finally around a loop with continue/break and early returns.
  (i) => `
export async function loadOrders${i}(userId) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from orders where user_id = $1', [userId]);
    if (rows.length === 0) {
      return [];
    }
    const result = [];
    for (const row of rows) {
      if (row.deleted) continue;
      if (row.total > 1000) break;
      result.push(await client.query('select * from items where order_id = $1', [row.id]));
    }
    return result;
  } finally {
    client.release();
  }
}
`,
  // Leaks on the early return.
  (i) => `
export async function countUsers${i}(filter) {
  const client = await pool.connect();
  if (!filter) {
    return 0;
  }
  const { rows } = await client.query('select count(*) from users where name like $1', [filter]);
  client.release();
  return rows[0].count;
}
`,
  // Correct: nullable variable released in finally, transaction rolled back in catch.
  (i) => `
export async function transfer${i}(from, to, amount) {
  let client;
  try {
    client = await pool.connect();
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - $1 where id = $2', [amount, from]);
    await client.query('update accounts set balance = balance + $1 where id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (error) {
    if (client) {
      await client.query('ROLLBACK');
    }
    throw error;
  } finally {
    if (client) {
      client.release();
    }
  }
}
`,
  // Leaks if the query throws.
  (i) => `
export async function rename${i}(id, name) {
  const client = await pool.connect();
  await client.query('update users set name = $1 where id = $2', [name, id]);
  client.release();
}
`,
  // Correct: labelled while, switch with continue/break/throw, do-while, catch that swallows.
  (i) => `
export async function drain${i}(queue) {
  const client = await pool.connect();
  try {
    outer: while (queue.length > 0) {
      const job = queue.shift();
      switch (job.kind) {
        case 'skip':
          continue;
        case 'stop':
          break outer;
        case 'fail':
          throw new Error('job failed: ' + job.id);
        default:
          await client.query(job.sql, job.params);
      }
      do {
        job.retries--;
      } while (job.retries > 0 && !(await client.query('select 1')));
    }
  } catch (error) {
    console.error(error);
  } finally {
    client.release();
  }
  return queue.length;
}
`,
  // Correct: promise chain with .finally, nested try in a loop with continue and return.
  (i) => `
export function report${i}(id) {
  return pool.connect().then((client) =>
    client.query('select * from reports where id = $1', [id]).finally(() => client.release()),
  );
}

export async function purge${i}(ids) {
  const client = await pool.connect();
  try {
    for (let k = 0; k < ids.length; k++) {
      try {
        await client.query('delete from t where id = $1', [ids[k]]);
      } catch (error) {
        if (error.code === '23503') continue;
        return false;
      }
    }
    return ids.length > 0 ? true : null;
  } finally {
    client.release();
  }
}
`,
];

const HEADER = `import pg from 'pg';\n\nexport const pool = new pg.Pool();\n`;

/** `count` functions of the shapes above (a file of many small functions). */
export function generateManyFunctions(count) {
  let code = HEADER;
  for (let i = 0; i < count; i++) {
    code += FUNCTION_SHAPES[i % FUNCTION_SHAPES.length](i);
  }
  return code;
}

/**
 * One function with `blocks` sequential branching blocks, released only at the end (so it
 * leaks on every early return and throw): the number of paths doubles with every block,
 * the analysis must not.
 */
export function generateBigFunction(blocks) {
  let code = `${HEADER}\nexport async function handler(input) {\n  const client = await pool.connect();\n`;
  for (let k = 0; k < blocks; k++) {
    code += `  if (input.a${k}) {
    const r${k} = await client.query('select ${k}');
    if (r${k}.rowCount === 0) return null;
  } else if (input.b${k}) {
    for (const row of input.rows${k}) {
      if (!row) continue;
      try {
        await client.query('insert into t${k} values ($1)', [row]);
      } catch (error) {
        if (error.fatal) throw error;
      }
    }
  }
`;
  }
  return `${code}  client.release();\n  return input;\n}\n`;
}

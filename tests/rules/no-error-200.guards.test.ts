// no-error-200 on failure branches that are neither a `catch` nor an `if (err)`: a guard
// (a role check, a path check, a lookup that found nothing) whose body says it is a failure
// in words under an error key, and failure answers that say nothing on their own but that
// the handler itself uses as its failure answer (`res.send(false)` beside `res.send(true)`,
// the body it sends with 404 elsewhere). Normal payloads stay silent.

import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-error-200.js';

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

ruleTester.run('no-error-200 (guards and own failure answers)', rule, {
  valid: [
    // The guard answers with a failure status.
    `
router.get('/files', async (req, res) => {
  if (req.user.role > ADMIN) {
    return res.status(403).json({ error: 'Not authorized' });
  }
  res.json(await files.list());
});`,
    // An error key holding a variable: a client library's `{ data, error }` passed on.
    `
router.get('/posts', async (req, res) => {
  const { data, error } = await supabase.from('posts').select();
  res.json({ data, error });
});`,
    // An empty message is no error.
    `
router.get('/state', (req, res) => {
  res.json({ value: state.value, error: '' });
});`,
    // An answer to a question: the error text describes the answer.
    `
router.post('/validate', (req, res) => {
  if (!isEmail(req.body.email)) {
    return res.json({ valid: false, error: 'Not an e-mail address' });
  }
  res.json({ valid: true });
});`,
    // A yes/no answer by the form of its key: the error text explains the answer.
    `
router.get('/pages/:id/accessible', async (req, res) => {
  const pageId = parsePageId(req.query.url);
  if (!pageId) {
    return res.status(200).json({ isAccessible: false, url: req.query.url, error: 'Page URL is not valid' });
  }
  res.json({ isAccessible: await probe(pageId) });
});`,
    // `false` with no `true` beside it: a flag, not the handler's failure answer.
    `
router.get('/feature', async (req, res) => {
  try {
    res.send(await flags.isOn('beta'));
  } catch (err) {
    res.send(false);
  }
});`,
    // `null` from a `catch` with nothing else to compare it to: a fallback, maybe.
    `
router.get('/profile', async (req, res) => {
  try {
    res.send(await profiles.find(req.user.id));
  } catch (err) {
    res.send(null);
  }
});`,
    // The same body with a failure status elsewhere, but not on a failure branch here.
    `
router.get('/runs/:id', async (req, res) => {
  const run = await runs.find(req.params.id);
  if (!run) {
    return res.status(404).send(null);
  }
  res.send(run.visible ? run : null);
});`,
    // `false` beside `true` outside a failure branch: an answer.
    `
router.get('/exists/:name', async (req, res) => {
  if (await users.exists(req.params.name)) {
    return res.send(true);
  }
  res.send(false);
});`,
    // A false success flag and an error key that holds an answer to a question (`valid`).
    `
router.post('/check', async (req, res) => {
  const check = validate(req.body);
  res.json({ valid: check.valid, success: false, error: check.error });
});`,
    // An error key beside a true success flag: a warning, not a failure.
    `
router.post('/users', async (req, res) => {
  const warning = await users.create(req.body);
  res.json({ success: true, error: warning });
});`,
    // A false success flag beside an empty error key says nothing on its own.
    `
router.get('/ping', async (req, res) => {
  res.json({ success: false, error: null });
});`,
  ],
  invalid: [
    // A validation that fails answers `success: false` and the reason it was given, with 200:
    // the flag and a filled error key together are the failure, whatever the error's value is.
    {
      code: `
router.post('/users', async (req, res) => {
  const check = validate(req.body);
  if (!check.valid) {
    res.json({ success: false, error: check.error });
    return;
  }
  res.json({ success: true, user: await users.create(req.body) });
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`success: false`',
            reason: 'a branch whose body says `success: false` and carries `error`',
            why: "Express's default when no status is set",
          },
          line: 5,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
router.post('/users', async (req, res) => {
  const check = validate(req.body);
  if (!check.valid) {
    res.status(500).json({ success: false, error: check.error });
    return;
  }
  res.json({ success: true, user: await users.create(req.body) });
});`,
            },
          ],
        },
      ],
    },
    // A role check answers its refusal in the body, with 200.
    {
      code: `
router.get('/files', async (req, res) => {
  if (req.user.role > ADMIN) {
    res.json({ error: 'Not authorized' });
    return;
  }
  res.json(await files.list());
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`error`',
            reason: 'a branch whose body holds the error "Not authorized" under `error`',
            why: "Express's default when no status is set",
          },
          line: 4,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
router.get('/files', async (req, res) => {
  if (req.user.role > ADMIN) {
    res.status(500).json({ error: 'Not authorized' });
    return;
  }
  res.json(await files.list());
});`,
            },
          ],
        },
      ],
    },
    // A translated message, through a constant, on an `else`.
    {
      code: `
router.post('/share', async (req, res) => {
  if (req.user) {
    res.json(await shares.create(req.body));
  } else {
    const msg = req.__('You must be logged in to share');
    res.json({ error: msg });
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.json(…)',
            status: 200,
            shape: '`error`',
            reason: 'a branch whose body holds the error "You must be logged in to share" under `error`',
            why: "Express's default when no status is set",
          },
          line: 7,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
router.post('/share', async (req, res) => {
  if (req.user) {
    res.json(await shares.create(req.body));
  } else {
    const msg = req.__('You must be logged in to share');
    res.status(500).json({ error: msg });
  }
});`,
            },
          ],
        },
      ],
    },
    // Hono: a lookup that found nothing, in words.
    {
      code: `
app.get('/views/:id', async (c) => {
  const view = await views.find(c.req.param('id'));
  if (!view) return c.json({ error: 'Unable to save: no view' });
  return c.json(view);
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'c.json(…)',
            status: 200,
            shape: '`error`',
            reason: 'a branch whose body holds the error "Unable to save: no view" under `error`',
            why: "Hono's default when no status is set",
          },
          line: 4,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: '500' },
              output: `
app.get('/views/:id', async (c) => {
  const view = await views.find(c.req.param('id'));
  if (!view) return c.json({ error: 'Unable to save: no view' }, 500);
  return c.json(view);
});`,
            },
          ],
        },
      ],
    },
    // `false` from the `catch` where the `try` answers `true`: the boolean is the outcome.
    {
      code: `
router.delete('/robots/:id', async (req, res) => {
  try {
    await robots.destroy(req.params.id);
    return res.send(true);
  } catch (err) {
    log(err);
    return res.send(false);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            shape: '`false` where line 5 answers `true`',
            reason: 'a `catch` block',
            why: "Express's default when no status is set",
          },
          line: 8,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
router.delete('/robots/:id', async (req, res) => {
  try {
    await robots.destroy(req.params.id);
    return res.send(true);
  } catch (err) {
    log(err);
    return res.status(500).send(false);
  }
});`,
            },
          ],
        },
      ],
    },
    // The `catch` answers the body the handler sends with 404 when nothing is found.
    {
      code: `
router.get('/runs/:id', async (req, res) => {
  try {
    const run = await runs.find(req.params.id);
    if (!run) {
      return res.status(404).send(null);
    }
    return res.send(run);
  } catch (err) {
    return res.send(null);
  }
});`,
      errors: [
        {
          messageId: 'error2xx',
          data: {
            send: 'res.send(…)',
            status: 200,
            shape: 'the body it answers with 404 on line 6',
            reason: 'a `catch` block',
            why: "Express's default when no status is set",
          },
          line: 10,
          suggestions: [
            {
              messageId: 'useStatusSuggestion',
              data: { status: 500, replacement: 'res.status(500)' },
              output: `
router.get('/runs/:id', async (req, res) => {
  try {
    const run = await runs.find(req.params.id);
    if (!run) {
      return res.status(404).send(null);
    }
    return res.send(run);
  } catch (err) {
    return res.status(500).send(null);
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});

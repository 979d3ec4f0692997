import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { IO_MARKDOWN_LENGTH, IO_SUBJECT_LENGTH } from '../gateway.ts';
import { IoSimulatorStore } from './store.ts';

const FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

const newMessageSchema = z.object({
  fiscal_code: z.string().regex(FISCAL_CODE),
  feature_level_type: z.enum(['STANDARD', 'ADVANCED']).optional(),
  content: z.object({
    subject: z.string().min(IO_SUBJECT_LENGTH.min).max(IO_SUBJECT_LENGTH.max),
    markdown: z.string().min(IO_MARKDOWN_LENGTH.min).max(IO_MARKDOWN_LENGTH.max),
    due_date: z.iso.datetime().optional(),
    payment_data: z
      .object({
        amount: z.number().int().min(1),
        notice_number: z.string().regex(/^[0123]\d{17}$/),
        invalid_after_due_date: z.boolean().optional(),
        payee: z.object({ fiscal_code: z.string().regex(/^\d{11}$/) }).optional(),
      })
      .optional(),
  }),
});

const profileCommand = z.object({
  fiscal_code: z.string().regex(FISCAL_CODE),
  state: z.enum(['ACTIVE', 'SENDER_BLOCKED', 'ABSENT']),
});

const failureCommand = z.object({ statuses: z.array(z.number().int().min(400).max(599)).max(20) });

const problem = (res: Response, status: number, detail: string) =>
  res.status(status).type('application/problem+json').json({ status, title: detail, detail });

/**
 * The IO simulator, mounted at /_io outside production: the Services API under /api/v1 (same JSON as IO), the
 * messages a citizen received under /messaggi/<codice fiscale>, and /sim for commands from tests and the demo.
 */
export function ioSimulator(now: () => Date): { router: Router; store: IoSimulatorStore } {
  const store = new IoSimulatorStore();
  const router = express.Router();
  router.use(express.json({ limit: '100kb' }));

  const api = express.Router();
  api.use((req, res, next) => {
    res.on('finish', () => store.requests.push({ method: req.method, path: req.path, status: res.statusCode }));
    if (!req.get('ocp-apim-subscription-key')) return problem(res, 401, 'Access denied due to missing subscription key');
    next();
  });
  api.post('/profiles', (req, res) => {
    const fiscalCode = z.object({ fiscal_code: z.string().regex(FISCAL_CODE) }).safeParse(req.body);
    if (!fiscalCode.success) return problem(res, 400, 'Invalid fiscal_code');
    const state = store.profile(fiscalCode.data.fiscal_code);
    if (state === 'ABSENT') return problem(res, 404, 'Profile not found');
    res.json({ sender_allowed: state === 'ACTIVE', preferred_languages: ['it_IT'] });
  });
  api.post('/messages', (req, res) => {
    const failure = store.failures.shift();
    if (failure) return problem(res, failure, `Simulated failure ${failure}`);
    const parsed = newMessageSchema.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const state = store.profile(parsed.data.fiscal_code);
    if (state !== 'ACTIVE') return problem(res, 500, 'The message cannot be delivered');
    const key = req.get('ocp-apim-subscription-key') ?? '';
    const message = store.add(parsed.data.fiscal_code, key.slice(-4), parsed.data.content, now());
    res.status(201).location(`${req.baseUrl}/messages/${message.fiscalCode}/${message.id}`).json({ id: message.id });
  });
  api.get('/messages/:fiscalCode/:id', (req, res) => {
    const message = store.of(req.params.fiscalCode).find((m) => m.id === req.params.id);
    if (!message) return problem(res, 404, 'Message not found');
    res.json({ message: { id: message.id, fiscal_code: message.fiscalCode, content: message.content }, status: 'PROCESSED' });
  });
  router.use('/api/v1', api);

  router.post('/sim/profiles', (req, res) => {
    const command = profileCommand.safeParse(req.body);
    if (!command.success) return problem(res, 400, 'fiscal_code and state (ACTIVE, SENDER_BLOCKED, ABSENT) needed');
    store.profiles.set(command.data.fiscal_code, command.data.state);
    res.status(204).end();
  });
  router.post('/sim/failures', (req, res) => {
    const command = failureCommand.safeParse(req.body);
    if (!command.success) return problem(res, 400, 'statuses: an array of HTTP error statuses');
    store.failures.push(...command.data.statuses);
    res.status(204).end();
  });
  router.get('/sim/requests', (_req, res) => res.json(store.requests));

  // what the citizen's app would show: their messages, newest first, with what a payable one asks
  router.get('/messaggi/:fiscalCode', (req, res) => {
    const messages = store.of(req.params.fiscalCode).reverse();
    if (req.accepts(['html', 'json']) === 'json') return res.json(messages);
    res.render('io-simulator/messages', { fiscalCode: req.params.fiscalCode.toUpperCase(), messages });
  });
  return { router, store };
}

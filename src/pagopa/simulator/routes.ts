import express, { type Request, type Response, type Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { romeDateOf, ZONE } from '../../domain/dates.ts';
import { MAX_CART_NOTICES } from '../gateway.ts';
import { IMMEDIATE_PUSH, SimulatorStore, type Delivery, type SimCart, type StoreOptions } from './store.ts';
import { fieldText } from '../../web/forms.ts';

const positionSchema = z.object({
  iupd: z.string().min(1).max(35),
  type: z.enum(['F', 'G']),
  fiscalCode: z.string().min(11).max(16),
  fullName: z.string().min(1),
  companyName: z.string().min(1),
  switchToExpired: z.boolean().default(false),
  paymentOption: z
    .array(
      z.object({
        iuv: z.string().regex(/^\d{17}$/),
        nav: z
          .string()
          .regex(/^3\d{17}$/)
          .optional(),
        amount: z.number().int().positive(),
        description: z.string().min(1).max(140),
        dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/),
        transfer: z
          .array(
            z.object({
              idTransfer: z.string(),
              amount: z.number().int().positive(),
              remittanceInformation: z.string(),
              category: z.string(),
              iban: z.string(),
            }),
          )
          .min(1)
          .max(5),
      }),
    )
    .length(1),
});

const cartSchema = z.object({
  idCart: z.string().max(100).optional(),
  emailNotice: z.string().optional(),
  paymentNotices: z.array(
    z.object({
      noticeNumber: z.string().regex(/^\d{18}$/),
      fiscalCode: z.string().regex(/^\d{11}$/),
      amount: z.number().int().positive(),
      companyName: z.string().max(140),
      description: z.string().max(140),
    }),
  ),
  returnUrls: z.object({ returnOkUrl: z.url(), returnCancelUrl: z.url(), returnErrorUrl: z.url(), returnWaitingUrl: z.url() }),
});

/** Commands that make pagoPA misbehave on purpose (PAGOPA.md, "Edge cases the simulator must be able to produce"). */
const commandSchema = z.object({
  creditorFiscalCode: z.string(),
  noticeNumber: z.string(),
  amountCents: z.number().int().positive().optional(),
  outcome: z.enum(['OK', 'KO']).optional(),
  push: z.boolean().default(true),
  copies: z.number().int().min(1).max(5).default(1),
  concurrent: z.boolean().default(false),
  delayMs: z.number().int().min(0).max(60_000).default(0),
  /** pay even when the position was invalidated: the receipt that crosses a cancellation */
  force: z.boolean().default(false),
  /** when the payer paid (ISO instant); now by default */
  paidAt: z.iso.datetime({ offset: true }).optional(),
});

const problem = (res: Response, status: number, detail: string) =>
  res.status(status).type('application/problem+json').json({ status, title: detail, detail });

const CHECKOUT_DELIVERIES: Record<string, Delivery> = {
  push: IMMEDIATE_PUSH,
  pull: { ...IMMEDIATE_PUSH, push: false },
  duplicate: { ...IMMEDIATE_PUSH, copies: 2, concurrent: true },
  late: { ...IMMEDIATE_PUSH, delayMs: 3_000 },
};

/**
 * The pagoPA simulator, mounted at /_pagopa outside production: GPD under /gpd, Checkout under /checkout
 * (API and the payer's page), the GPD receipts API under /receipts, and /sim for commands from tests.
 */
export function pagoPaSimulator(options: StoreOptions): { router: Router; store: SimulatorStore } {
  const store = new SimulatorStore(options);
  const router = express.Router();
  router.use(express.json({ limit: '100kb' }));
  // Network trouble on command: the next N API calls answer only after a delay (the caller times out and retries).
  const faults = { remaining: 0, delayMs: 0 };
  router.use(async (req, _res, next) => {
    if (!/^\/(gpd|checkout\/carts|receipts)/.test(req.path)) return next();
    store.requests.push({ method: req.method, path: req.path, idempotencyKey: req.get('idempotency-key') ?? null });
    if (faults.remaining > 0) {
      faults.remaining--;
      await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    }
    next();
  });

  router.post('/gpd/organizations/:cf/debtpositions', (req, res) => {
    const parsed = positionSchema.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const body = parsed.data;
    const option = body.paymentOption[0];
    if (option.transfer.reduce((sum, t) => sum + t.amount, 0) !== option.amount)
      return problem(res, 400, 'transfer amounts must add up to the option amount');
    const cf = String(req.params.cf);
    const duplicate =
      store.positions.has(SimulatorStore.key(cf, body.iupd)) ||
      [...store.positions.values()].some((p) => p.creditorFiscalCode === cf && p.iuv === option.iuv);
    if (duplicate) return problem(res, 409, 'Debt Position already exists');
    store.positions.set(SimulatorStore.key(cf, body.iupd), {
      creditorFiscalCode: cf,
      iupd: body.iupd,
      iuv: option.iuv,
      noticeNumber: option.nav ?? `3${option.iuv}`,
      amountCents: option.amount,
      description: option.description,
      companyName: body.companyName,
      iban: option.transfer[0].iban,
      category: option.transfer[0].category,
      debtor: { type: body.type, fiscalCode: body.fiscalCode, fullName: body.fullName },
      dueAt: DateTime.fromISO(option.dueDate, { zone: ZONE }).toJSDate(),
      switchToExpired: body.switchToExpired,
      status: 'VALID',
      raw: req.body,
    });
    res.status(201).json({ ...body, status: 'VALID' });
  });

  router.get('/gpd/organizations/:cf/debtpositions/:iupd', (req, res) => {
    const position = store.position(String(req.params.cf), String(req.params.iupd));
    if (!position) return problem(res, 404, 'Debt Position not found');
    res.json({ ...(position.raw as object), status: position.status });
  });

  router.post('/gpd/organizations/:cf/debtpositions/:iupd/invalidate', (req, res) => {
    const position = store.position(String(req.params.cf), String(req.params.iupd));
    if (!position) return problem(res, 404, 'Debt Position not found');
    if (position.status === 'PAID') return problem(res, 409, 'Debt Position already paid');
    position.status = 'INVALID';
    res.json({ ...(position.raw as object), status: 'INVALID' });
  });

  router.post('/gpd/organizations/:cf/paymentoptions/paids/:nav', (req, res) => {
    const [cf, nav] = [String(req.params.cf), String(req.params.nav)];
    // A notice published before this simulator started (the demo data), paid at the desk: known as a cart knows it.
    if (!store.positionByNotice(cf, nav) && /^3\d{17}$/.test(nav))
      store.adoptPosition({ noticeNumber: nav, fiscalCode: cf, amount: 0, companyName: '', description: '' });
    const position = store.positionByNotice(cf, nav);
    if (!position) return problem(res, 404, 'Payment Option not found');
    if (position.status !== 'VALID') return problem(res, 409, `Payment Option not payable (${position.status})`);
    position.status = 'PAID';
    res.json({ nav: position.noticeNumber, iuv: position.iuv, status: 'PO_PAID' });
  });

  router.post('/checkout/carts', (req, res) => {
    const parsed = cartSchema.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'Invalid cart');
    const cart = parsed.data;
    if (cart.paymentNotices.length < 1 || cart.paymentNotices.length > MAX_CART_NOTICES)
      return problem(res, 422, `A cart holds 1 to ${MAX_CART_NOTICES} payment notices`);
    const ids = cart.paymentNotices.map((n) => `${n.fiscalCode}${n.noticeNumber}`);
    if (new Set(ids).size !== ids.length) return problem(res, 422, 'Duplicate payment notice in cart');
    // Notices published before this simulator started (the demo data) are taken as pagoPA would know them.
    for (const n of cart.paymentNotices) if (!store.positionByNotice(n.fiscalCode, n.noticeNumber)) store.adoptPosition(n);
    const opened = store.openCart(
      cart.idCart ?? null,
      cart.paymentNotices.map((n) => ({
        noticeNumber: n.noticeNumber,
        creditorFiscalCode: n.fiscalCode,
        amountCents: n.amount,
        companyName: n.companyName,
        description: n.description,
      })),
      cart.returnUrls,
    );
    res.redirect(302, `${req.protocol}://${req.get('host')}${req.baseUrl}/checkout/c/${opened.id}`);
  });

  const renderCheckout = (res: Response, cart: SimCart, message: string | null) =>
    res.render('pagopa-simulator/checkout', {
      cart,
      total: cart.notices.reduce((sum, n) => sum + n.amountCents, 0),
      message,
      action: `${res.req.baseUrl}/checkout/c/${cart.id}`,
    });

  const cartOf = (req: Request): SimCart | undefined => store.carts.get(String(req.params.id));

  router.get('/checkout/c/:id', (req, res) => {
    const cart = cartOf(req);
    if (!cart) return res.status(404).type('text').send('Carrello non trovato');
    if (cart.outcome !== 'OPEN') return renderCheckout(res, cart, 'Questo carrello è già stato chiuso.');
    const unpayable = cart.notices.filter((n) => store.positionByNotice(n.creditorFiscalCode, n.noticeNumber)?.status !== 'VALID');
    // As pagoPA's verify step: an expired, cancelled or paid notice cannot be paid (PAA_PAGAMENTO_SCADUTO & co.).
    renderCheckout(res, cart, unpayable.length ? `Avviso non pagabile: ${unpayable.map((n) => n.noticeNumber).join(', ')}.` : null);
  });

  router.post('/checkout/c/:id', express.urlencoded({ extended: false }), async (req, res) => {
    const cart = cartOf(req);
    if (!cart) return res.status(404).type('text').send('Carrello non trovato');
    const form = (req.body ?? {}) as Record<string, unknown>;
    const action = fieldText(form.action);
    if (cart.outcome !== 'OPEN') return renderCheckout(res, cart, 'Questo carrello è già stato chiuso.');
    if (action === 'annulla') {
      cart.outcome = 'CANCELLED';
      return res.redirect(303, cart.returnUrls.returnCancelUrl);
    }
    const positions = cart.notices.map((n) => store.positionByNotice(n.creditorFiscalCode, n.noticeNumber));
    if (action !== 'paga' || positions.some((p) => !p || p.status !== 'VALID')) {
      cart.outcome = 'ERROR';
      return res.redirect(303, cart.returnUrls.returnErrorUrl);
    }
    const delivery = CHECKOUT_DELIVERIES[fieldText(form.consegna) || 'push'] ?? IMMEDIATE_PUSH;
    const wrongAmount = form.importo === 'errato';
    cart.outcome = 'PAID';
    for (const position of positions) {
      position!.status = 'PAID';
      const receipt = store.receiptFor(position!, wrongAmount ? { amountCents: position!.amountCents + 1 } : {});
      await store.deliver(receipt, delivery);
    }
    res.redirect(303, cart.returnUrls.returnOkUrl);
  });

  router.get('/receipts/payments/:cf/receipts', (req, res) => {
    const from = typeof req.query.from === 'string' ? req.query.from : '0000-00-00';
    const page = Number(req.query.page ?? 0);
    const limit = Math.min(100, Number(req.query.limit ?? 50));
    const all = [...(store.receipts.get(String(req.params.cf))?.values() ?? [])]
      .filter(({ receipt }) => romeDateOf(receipt.paymentDateTime) >= from)
      .map(({ receipt }) => ({
        organizationFiscalCode: receipt.creditorFiscalCode,
        iuv: receipt.creditorReferenceId,
        debtor: receipt.debtor?.fiscalCode ?? null,
        paymentDateTime: receipt.paymentDateTime.toISOString(),
      }));
    const totalPages = Math.max(1, Math.ceil(all.length / limit));
    res.json({
      receiptsList: all.slice(page * limit, (page + 1) * limit),
      pageInfo: { page, limit, items_found: all.length, total_pages: totalPages },
    });
  });

  router.get('/receipts/payments/:cf/receipts/:iuv', (req, res) => {
    const found = store.receipts.get(String(req.params.cf))?.get(String(req.params.iuv));
    if (!found) return problem(res, 404, 'Receipt not found');
    res.type('application/xml').send(found.xml);
  });

  router.post('/sim/payments', async (req, res) => {
    const parsed = commandSchema.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'Invalid command');
    const command = parsed.data;
    const position = store.positionByNotice(command.creditorFiscalCode, command.noticeNumber);
    if (!position) return problem(res, 404, 'Payment Option not found');
    if (position.status !== 'VALID' && !command.force) return problem(res, 409, `Payment Option not payable (${position.status})`);
    if (command.outcome !== 'KO') position.status = 'PAID';
    const receipt = store.receiptFor(position, {
      amountCents: command.amountCents,
      outcome: command.outcome,
      at: command.paidAt ? new Date(command.paidAt) : undefined,
    });
    await store.deliver(receipt, command);
    res.status(201).json({ receiptId: receipt.receiptId, iuv: receipt.creditorReferenceId });
  });

  router.post('/sim/faults', (req, res) => {
    const asked = (req.body ?? {}) as { count?: unknown; delayMs?: unknown };
    faults.remaining = Number(asked.count ?? 0);
    faults.delayMs = Number(asked.delayMs ?? 0);
    res.status(204).end();
  });

  router.get('/sim/requests', (_req, res) => {
    res.json(store.requests);
  });

  router.post('/sim/settle', async (_req, res) => {
    await store.settle();
    res.status(204).end();
  });

  return { router, store };
}

// Refusals raised by the services (payments, delegates) reach an English-speaking parent in English, and the same
// refusal stays Italian once the parent switches back.
import { describe, expect, it } from 'vitest';
import { DEMO_DELEGATE } from '../../../prisma/seed/identities.ts';
import { agentFor, submitForm } from '../../helpers/http.ts';
import { aPayingFamily } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

describe('service refusals in the parent language', () => {
  it('says in English that a document is already paid, that a person is already a delegate, whose tax code is wrong', async () => {
    const family = await aPayingFamily(ctx, { invoices: [1000] });
    const [invoice] = family.invoices;
    await ctx.prisma.invoice.update({ where: { id: invoice.id }, data: { state: 'PAID', paidCents: invoice.totalCents } });
    const T = `/${family.tenant.slug}`;
    await family.agent.get(`/lingua/en?ritorno=${encodeURIComponent(`${T}/home`)}`).expect(303);

    const paid = await submitForm(family.agent, `${T}/pagamenti`, `${T}/pagamenti/documenti/${invoice.id}/avviso`, {});
    expect(paid.status).toBe(409);
    expect(paid.text).toContain(`Document ${invoice.number} is already paid.`);

    const delegate = { codiceFiscale: DEMO_DELEGATE.fiscalCode, nome: 'Anna', cognome: 'Galli' };
    expect((await submitForm(family.agent, `${T}/anagrafica/delegati`, `${T}/anagrafica/delegati`, delegate)).status).toBe(302);
    const twice = await submitForm(family.agent, `${T}/anagrafica/delegati`, `${T}/anagrafica/delegati`, delegate);
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('This person is already one of your delegates.');

    // The required-data messages name the person.
    const student = await ctx.prisma.student.update({ where: { id: family.student.id }, data: { fiscalCode: null } });
    const field = `cfAlunno_${student.id}`;
    const wrongCf = await submitForm(family.agent, `${T}/dati-obbligatori`, `${T}/dati-obbligatori`, { [field]: 'ABC' });
    expect(wrongCf.status).toBe(422);
    expect(wrongCf.text).toContain(`The tax code of ${student.firstName} ${student.lastName} is not valid: check the 16 characters.`);

    await family.agent.get(`/lingua/it?ritorno=${encodeURIComponent(`${T}/home`)}`).expect(303);
    const pagato = await submitForm(family.agent, `${T}/pagamenti`, `${T}/pagamenti/documenti/${invoice.id}/avviso`, {});
    expect(pagato.text).toContain(`Il documento ${invoice.number} risulta già pagato.`);
    const ancora = await submitForm(family.agent, `${T}/anagrafica/delegati`, `${T}/anagrafica/delegati`, delegate);
    expect(ancora.text).toContain('Questa persona è già tra i tuoi delegati.');
  });

  it('gives the login page and its refusals, and a tampered form’s refusal, in English', async () => {
    const family = await aPayingFamily(ctx, { invoices: [] });
    const T = `/${family.tenant.slug}`;
    const visitor = agentFor(ctx.app);
    await visitor.get(`/lingua/en?ritorno=${encodeURIComponent(`${T}/accedi`)}`).expect(303);
    const empty = await submitForm(visitor, `${T}/accedi`, `${T}/accedi`, { username: '', password: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('<title>Log in to the services');
    expect(empty.text).toContain('Enter the username.');

    await family.agent.get(`/lingua/en?ritorno=${encodeURIComponent(`${T}/home`)}`).expect(303);
    const tampered = await submitForm(family.agent, `${T}/pagamenti/spontaneo`, `${T}/pagamenti/spontaneo`, {
      alunno: 'not-an-id',
      periodi: '2026-13',
      scuola: '',
    });
    expect(tampered.status).toBe(422);
    expect(tampered.text).toContain('Invalid value: choose one of those offered');
  });
});

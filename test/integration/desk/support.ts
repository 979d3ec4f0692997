import request from 'supertest';
import { aLocalAccount, TEST_PASSWORD } from '../../helpers/builders.ts';
import type { Agent } from '../../helpers/http.ts';
import { loginAsStaffWithPassword } from '../../helpers/login.ts';
import type { TestContext } from '../../helpers/test-app.ts';

/** A cashier of the Comune, logged in over HTTP; `name` is what the day report and the receipts print. */
export async function aCashier(ctx: TestContext, tenant: { id: string; slug: string }, name = 'Cassiere di Prova') {
  const account = await aLocalAccount(ctx.prisma, tenant.id, { role: 'CASHIER', fullName: name });
  const agent: Agent = request.agent(ctx.baseUrl ?? ctx.app);
  await loginAsStaffWithPassword(agent, tenant.slug, account.username, TEST_PASSWORD);
  return { account, agent };
}

import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { formatItalianDate, romeDateOf } from '../../../domain/dates.ts';
import { formError, formErrorsFrom, noErrors, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { attendanceOfDay, correctAttendance } from './attendance-service.ts';
import { canteenCrumbs, schoolCrumb, schoolPath } from './crumbs.ts';
import { correctionSchema, isoDateParam, uuidParam } from './schemas.ts';
import { FieldRuleError } from '../../../web/forms.ts';

type SchoolParams = { schoolId: string };
type StudentParams = SchoolParams & { studentId: string };

/** Attendance of a school and day; after the day closes each meal can be corrected with a reason. */
export function attendanceRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });

  const dayOf = (value: unknown) => (isoDateParam.safeParse(value).success ? String(value) : romeDateOf(clock.now()));

  async function render(
    res: Response,
    schoolId: string,
    date: string,
    status = 200,
    typed: { studentId?: string; newStatus?: unknown; reason?: unknown } = {},
    errors: FormErrors = noErrors,
  ) {
    const attendance = await attendanceOfDay(prisma, res.locals.tenant.id, schoolId, date);
    res.status(status).render('admin/canteen/attendance', {
      title: res.locals.t('adminCanteen.attendance.title', { school: attendance.school.name, date: formatItalianDate(date) }),
      breadcrumb: canteenCrumbs(res, schoolCrumb(res, attendance.school), res.locals.t('adminCanteen.attendance.crumb')),
      ...attendance,
      typed,
      errors,
    });
  }

  router.get('/', async (req: Request<SchoolParams>, res) => {
    await render(res, req.params.schoolId, dayOf(req.query.data));
  });

  router.post('/:studentId', async (req: Request<StudentParams>, res) => {
    const { schoolId, studentId } = req.params;
    if (!uuidParam.safeParse(studentId).success) throw new NotFoundError();
    const body = req.body as Record<string, unknown>;
    if (!isoDateParam.safeParse(body.date).success) throw new NotFoundError();
    const date = String(body.date);
    const typed = { studentId, newStatus: body.newStatus, reason: body.reason };
    const parsed = correctionSchema.safeParse({ newStatus: body.newStatus, reason: body.reason });
    if (!parsed.success) {
      // one correction form per child: the messages go next to that child's fields
      const errors = formErrorsFrom(parsed.error);
      const summary = errors.summary.map((item) => ({ ...item, field: `${item.field}-${studentId}` }));
      const byField = Object.fromEntries(summary.map((item) => [item.field, item.message]));
      return render(res, schoolId, date, 422, typed, { summary, byField });
    }
    let adjusted: boolean;
    try {
      ({ adjusted } = await correctAttendance(prisma, {
        tenantId: res.locals.tenant.id,
        schoolId,
        studentId,
        date,
        ...parsed.data,
        actor: actorOf(res.locals.auth!),
        now: clock.now(),
      }));
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return render(res, schoolId, date, 422, typed, formError(error.field, error.userMessage));
    }
    flash(req, 'success', res.locals.t(adjusted ? 'adminCanteen.attendance.correctedInvoiced' : 'adminCanteen.attendance.corrected'));
    res.redirect(`${schoolPath(res, schoolId, 'presenze')}?data=${date}`);
  });

  return router;
}

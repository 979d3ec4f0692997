import type { Translate } from './i18n.ts';

/** What a day's meal needs for its label: enrolment, status, and whether the day is closed. */
export interface LabelledMeal {
  enrolled: boolean;
  status: string;
  booking?: { closedAt: Date | null } | null;
}

/** The status of one day as parents read it: "Presente"/"Assente" once closed, "Prenotato"/"Disdetto" before. */
export function mealStatusLabel(t: Translate, meal: LabelledMeal): string {
  if (!meal.enrolled) return t('canteen.status.notEnrolled');
  return t(`canteen.status.${meal.booking?.closedAt ? 'past' : 'future'}.${meal.status}`);
}

export type NewsStatusValue = 'DRAFT' | 'PUBLISHED' | 'WITHDRAWN';

/** What families see of a news item now: only LIVE ones are shown to them. */
export type NewsVisibility = 'DRAFT' | 'WITHDRAWN' | 'SCHEDULED' | 'LIVE' | 'EXPIRED';

/**
 * A published item is shown from `publishedAt` (included) until `publishUntil` (excluded); a draft or a
 * withdrawn item never is. The parent pages' query says the same thing in SQL (features/news/service.ts).
 */
export function newsVisibility(news: { status: NewsStatusValue; publishedAt: Date; publishUntil: Date | null }, now: Date): NewsVisibility {
  if (news.status !== 'PUBLISHED') return news.status;
  if (news.publishedAt > now) return 'SCHEDULED';
  if (news.publishUntil && news.publishUntil <= now) return 'EXPIRED';
  return 'LIVE';
}

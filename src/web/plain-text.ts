/** A piece of a paragraph: text as typed, or a bare http(s) URL to show as a link. */
export type TextPiece = { text: string; href?: undefined } | { text: string; href: string };

// A URL ends at whitespace or at a character that cannot end one; a trailing full stop, comma or bracket
// is punctuation of the sentence, not part of the address.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'»]+$/;

function piecesOf(paragraph: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of paragraph.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (!URL.canParse(url)) continue;
    if (start > last) pieces.push({ text: paragraph.slice(last, start) });
    pieces.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < paragraph.length) pieces.push({ text: paragraph.slice(last) });
  return pieces;
}

/**
 * Plain text typed by the office (news, replies) as paragraphs of pieces, for views/partials/plain-text.ejs
 * to print with escaping: no HTML from users ever reaches the page, and bare http(s) URLs become links.
 */
export function linkedParagraphs(text: string): TextPiece[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map(piecesOf);
}

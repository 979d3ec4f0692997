// News from the Comune and from the catering company.
import { romeInstant } from '../../src/domain/dates.ts';
import { notAfterNow, type SchoolKindKey, type SeedContext } from './context.ts';

interface NewsSpec {
  source: 'COMUNE' | 'CATERER';
  school?: SchoolKindKey;
  /** Rome date and time */
  at: [string, string];
  title: string;
  summary: string;
  body: string[];
}

const NEWS: Record<string, NewsSpec[]> = {
  dimostrativo: [
    {
      source: 'COMUNE',
      at: ['2026-06-03', '10:00'],
      title: 'Iscrizioni al servizio di refezione scolastica 2026/2027',
      summary: 'Dal 3 giugno al 15 luglio 2026 le iscrizioni alla mensa si presentano online, con SPID o CIE.',
      body: [
        'Sono aperte le iscrizioni al servizio di refezione scolastica per l’anno scolastico 2026/2027 per le scuole dell’infanzia e primaria del Comune.',
        'La domanda si presenta esclusivamente online dalla sezione «Pratiche» del portale, accedendo con SPID o CIE del genitore che sarà intestatario del servizio. Chi intende chiedere la tariffa agevolata deve indicare il valore ISEE in corso di validità.',
        'Per informazioni: Ufficio Pubblica Istruzione, dal lunedì al venerdì dalle 9:00 alle 12:00.',
      ],
    },
    {
      source: 'COMUNE',
      at: ['2026-09-07', '09:30'],
      title: 'Conto mensa: come ricaricare con pagoPA',
      summary: 'Il servizio è prepagato: ogni pasto consumato viene scalato dal conto virtuale del bambino.',
      body: [
        'Il costo di ogni pasto viene addebitato sul conto virtuale associato al badge dell’alunno alla chiusura della giornata (ore 9:00).',
        'La ricarica si effettua dalla sezione «Ricariche con pagoPA»: si sceglie l’alunno, si indica l’importo e si paga subito online oppure si stampa l’avviso da pagare presso banche, tabaccherie e uffici postali.',
        'Quando il credito scende sotto il costo di tre pasti, il portale mostra un avviso: vi invitiamo a ricaricare per tempo.',
      ],
    },
    {
      source: 'CATERER',
      at: ['2026-10-26', '11:00'],
      title: 'Dal 2 novembre il menù autunno-inverno',
      summary: 'Entra in vigore il menù invernale a rotazione su quattro settimane, con più zuppe, legumi e verdure di stagione.',
      body: [
        'Da lunedì 2 novembre nelle scuole dell’infanzia e primaria è in vigore il menù autunno-inverno, approvato dal servizio di igiene degli alimenti e della nutrizione dell’ATS.',
        'Il menù ruota su quattro settimane. Per i bambini con dieta speciale (senza glutine, senza lattosio) sono previste le varianti indicate nel menù del giorno.',
        'Gusto & Salute Ristorazione S.r.l.',
      ],
    },
    {
      source: 'COMUNE',
      at: ['2026-11-20', '12:00'],
      title: 'Sciopero di venerdì 27 novembre: possibili disservizi in mensa',
      summary: 'Per lo sciopero generale del 27 novembre il servizio di refezione potrebbe non essere garantito.',
      body: [
        'Le organizzazioni sindacali hanno proclamato uno sciopero generale per l’intera giornata di venerdì 27 novembre 2026, che potrebbe coinvolgere il personale scolastico e quello della ristorazione.',
        'Le scuole comunicheranno alle famiglie l’eventuale riduzione dell’orario. Se il vostro bambino non si fermerà a pranzo, ricordatevi di disdire il pasto entro le ore 9:00.',
      ],
    },
  ],
  borgoverde: [
    {
      source: 'COMUNE',
      school: 'PRIMARIA',
      at: ['2026-09-04', '10:00'],
      title: 'Trasporto scolastico 2026/2027: orari e fermate',
      summary: 'Lo scuolabus per la scuola primaria «Gianni Rodari» parte da lunedì 14 settembre.',
      body: [
        'Il servizio di trasporto scolastico inizia lunedì 14 settembre 2026 con partenza da Piazza della Chiesa alle 7:40 e fermate in via dei Campi, via Fontana e via San Martino.',
        'L’abbonamento costa 25,00 € al mese: come le rette della mensa, è fatturato il giorno 5 del mese successivo con scadenza a fine mese.',
      ],
    },
    {
      source: 'COMUNE',
      at: ['2026-09-10', '09:00'],
      title: 'Rette della mensa: fattura mensile e pagamento con pagoPA',
      summary: 'I pasti del mese vengono fatturati il giorno 5 del mese successivo, con scadenza a fine mese.',
      body: [
        'A Borgo Verde la mensa si paga a consuntivo: il giorno 5 di ogni mese il Comune emette il documento contabile con i pasti consumati nel mese precedente.',
        'Il documento si paga entro la fine del mese dalla sezione «Pagamento servizi scolastici» (fino a cinque documenti per volta) o con l’avviso pagoPA presso banche, tabaccherie e uffici postali. I documenti non pagati sono sollecitati e, in seguito, messi a ruolo.',
      ],
    },
    {
      source: 'CATERER',
      at: ['2026-10-28', '15:00'],
      title: 'Menù autunno-inverno dal 2 novembre',
      summary: 'Nuovo menù invernale su quattro settimane: minestre, legumi e frutta di stagione.',
      body: [
        'Da lunedì 2 novembre entra in vigore il menù autunno-inverno per la scuola dell’infanzia «Il Girasole» e la scuola primaria «Gianni Rodari».',
        'Le varianti per le diete speciali sono preparate nel nostro centro cottura e consegnate in contenitori singoli e identificati.',
        'Ristorazione Orobica S.r.l.',
      ],
    },
    {
      source: 'COMUNE',
      at: ['2026-11-03', '10:00'],
      title: 'Festa di San Martino: mercoledì 11 novembre scuole chiuse',
      summary: 'Per la festa del Santo Patrono le scuole e il servizio mensa restano chiusi.',
      body: [
        'Mercoledì 11 novembre, festa di San Martino patrono di Borgo Verde, le scuole restano chiuse e il servizio di refezione non viene erogato.',
        'Non occorre disdire il pasto: la giornata è già segnata come chiusura nel calendario del servizio mensa.',
      ],
    },
  ],
};

export async function createNews(ctx: SeedContext): Promise<number> {
  const list = NEWS[ctx.tenant.slug] ?? [];
  await ctx.tx.news.createMany({
    data: list.map((n) => ({
      tenantId: ctx.tenant.id,
      schoolId: n.school ? (ctx.schools.get(n.school)?.id ?? null) : null,
      source: n.source,
      title: n.title,
      summary: n.summary,
      body: n.body.join('\n\n'),
      publishedAt: notAfterNow(ctx, romeInstant(n.at[0], n.at[1])),
    })),
  });
  return list.length;
}

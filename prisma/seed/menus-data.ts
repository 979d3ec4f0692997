// Italian school menus: a 4-week rotation for spring/summer and one for autumn/winter, as a dietitian would
// write them. Allergens are the EU numbers of Reg. UE 1169/2011, annex II (1 glutine, 3 uova, 4 pesce,
// 6 soia, 7 latte, 8 frutta a guscio, 9 sedano).

export type CourseKey = 'FIRST' | 'SECOND' | 'SIDE' | 'FRUIT' | 'DESSERT' | 'SNACK';
/** A diet variant: its name, and its allergens when they are not simply the dish's minus the excluded one. */
export type Variant = string | [string, number[]];

export interface Dish {
  course: CourseKey;
  allergens: number[];
  glutenFree?: Variant;
  lactoseFree?: Variant;
}

const d = (course: CourseKey, allergens: number[], glutenFree?: Variant, lactoseFree?: Variant): Dish => ({
  course,
  allergens,
  glutenFree,
  lactoseFree,
});

export const DISHES: Record<string, Dish> = {
  // primi
  'Pasta al pomodoro e basilico': d('FIRST', [1], 'Pasta di mais al pomodoro e basilico'),
  'Pasta fredda al pomodoro e basilico': d('FIRST', [1], 'Pasta fredda di mais al pomodoro e basilico'),
  'Pasta al ragù di manzo': d('FIRST', [1, 9], 'Pasta di mais al ragù di manzo'),
  'Pasta al pesto': d('FIRST', [1, 7, 8], 'Pasta di mais al pesto', 'Pasta al pesto senza formaggio'),
  'Pasta all’olio e parmigiano': d('FIRST', [1, 7], 'Pasta di mais all’olio e parmigiano', 'Pasta all’olio extravergine'),
  'Pasta al pomodoro e tonno': d('FIRST', [1, 4], 'Pasta di mais al pomodoro e tonno'),
  'Pasta al pomodoro e ricotta': d('FIRST', [1, 7], 'Pasta di mais al pomodoro e ricotta', 'Pasta al pomodoro e basilico'),
  'Pasta integrale al sugo di verdure': d('FIRST', [1, 9], 'Pasta di riso al sugo di verdure'),
  'Pasta e fagioli': d('FIRST', [1, 9], 'Riso e fagioli'),
  'Minestrone con pasta': d('FIRST', [1, 9], 'Minestrone con riso'),
  'Passato di verdure con crostini': d('FIRST', [1, 9], 'Passato di verdure con riso'),
  'Crema di legumi con crostini': d('FIRST', [1, 9], 'Crema di legumi con riso'),
  'Crema di zucca con riso': d('FIRST', [7, 9], undefined, ['Crema di zucca con riso (senza panna)', [9]]),
  'Risotto alla parmigiana': d('FIRST', [7, 9], undefined, 'Risotto alle verdure senza formaggio'),
  'Risotto allo zafferano': d('FIRST', [7, 9], undefined, 'Risotto allo zafferano senza formaggio'),
  'Orzotto alle verdure': d('FIRST', [1, 9], 'Risotto alle verdure'),
  'Insalata di riso con verdure': d('FIRST', [3]),
  'Gnocchi di patate al pomodoro': d('FIRST', [1], 'Gnocchi di patate senza glutine al pomodoro'),
  'Lasagne alla bolognese': d('FIRST', [1, 3, 7, 9], 'Lasagne senza glutine alla bolognese', ['Pasta al ragù di manzo', [1, 9]]),
  'Pizza margherita': d('FIRST', [1, 7], 'Pizza margherita senza glutine', ['Focaccia al pomodoro', [1]]),
  // secondi
  'Frittata alle zucchine': d('SECOND', [3, 7], undefined, 'Frittata alle zucchine senza formaggio'),
  'Frittata agli spinaci': d('SECOND', [3, 7], undefined, 'Frittata agli spinaci senza formaggio'),
  'Uova strapazzate': d('SECOND', [3]),
  'Petto di pollo al limone': d('SECOND', []),
  'Cosce di pollo al forno': d('SECOND', []),
  'Arrosto di tacchino': d('SECOND', []),
  'Tacchino agli aromi': d('SECOND', []),
  'Hamburger di manzo alla piastra': d('SECOND', []),
  'Polpette di manzo al sugo': d(
    'SECOND',
    [1, 3, 7],
    ['Polpette di manzo senza glutine al sugo', [3, 7]],
    ['Hamburger di manzo alla piastra', []],
  ),
  'Spezzatino di manzo con piselli': d('SECOND', [9]),
  'Lonza di maiale al latte': d('SECOND', [7], undefined, 'Lonza di maiale al forno'),
  'Filetto di merluzzo gratinato': d('SECOND', [1, 4], 'Filetto di merluzzo al forno'),
  'Filetto di platessa al forno': d('SECOND', [4]),
  'Platessa impanata': d('SECOND', [1, 3, 4], ['Platessa al forno al limone', [4]]),
  'Bastoncini di merluzzo al forno': d('SECOND', [1, 4], ['Filetto di merluzzo al forno', [4]]),
  'Tonno all’olio': d('SECOND', [4]),
  'Polpettine di ceci': d('SECOND', [1, 3], ['Polpettine di ceci senza glutine', [3]]),
  Mozzarella: d('SECOND', [7], undefined, ['Prosciutto cotto', []]),
  Stracchino: d('SECOND', [7], undefined, ['Tacchino al forno', []]),
  'Formaggio Grana Padano': d('SECOND', [7], undefined, ['Bresaola', []]),
  'Prosciutto cotto': d('SECOND', []),
  // contorni
  'Insalata verde': d('SIDE', []),
  'Insalata di pomodori': d('SIDE', []),
  'Carote julienne': d('SIDE', []),
  'Carote al vapore': d('SIDE', []),
  'Fagiolini all’olio': d('SIDE', []),
  'Zucchine trifolate': d('SIDE', []),
  'Verdure grigliate': d('SIDE', []),
  'Patate al forno': d('SIDE', []),
  'Purè di patate': d('SIDE', [7], undefined, 'Patate lesse all’olio'),
  'Spinaci all’olio': d('SIDE', []),
  'Bieta all’olio': d('SIDE', []),
  'Finocchi in insalata': d('SIDE', []),
  'Cavolfiore gratinato': d('SIDE', [1, 7], ['Cavolfiore al vapore', []], ['Cavolfiore al vapore', []]),
  // frutta e dessert
  Mela: d('FRUIT', []),
  Pera: d('FRUIT', []),
  Banana: d('FRUIT', []),
  Pesca: d('FRUIT', []),
  Albicocche: d('FRUIT', []),
  Uva: d('FRUIT', []),
  Anguria: d('FRUIT', []),
  Mandarini: d('FRUIT', []),
  Arance: d('FRUIT', []),
  Kiwi: d('FRUIT', []),
  'Macedonia di frutta fresca': d('FRUIT', []),
  'Yogurt alla frutta': d('DESSERT', [7], undefined, ['Yogurt di soia alla frutta', [6]]),
  'Budino alla vaniglia': d('DESSERT', [7], undefined, ['Budino di soia alla vaniglia', [6]]),
  'Gelato fiordilatte': d('DESSERT', [7], undefined, ['Sorbetto al limone', []]),
  'Torta di mele': d('DESSERT', [1, 3, 7], ['Torta di mele senza glutine', [3, 7]], ['Torta di mele senza latte', [1, 3]]),
  // merende (scuola dell'infanzia)
  'Pane e marmellata': d('SNACK', [1], 'Pane senza glutine e marmellata'),
  'Yogurt bianco con miele': d('SNACK', [7], undefined, ['Yogurt di soia con miele', [6]]),
  'Frutta fresca di stagione': d('SNACK', []),
  'Crackers integrali': d('SNACK', [1], 'Gallette di riso'),
  'Torta allo yogurt': d('SNACK', [1, 3, 7], ['Torta allo yogurt senza glutine', [3, 7]], ['Ciambella all’olio', [1, 3]]),
};

/** Monday to Friday, four weeks: spring/summer menu (September, October, April to June). */
export const SUMMER_MENU: string[][][] = [
  [
    ['Pasta al pomodoro e basilico', 'Frittata alle zucchine', 'Carote julienne', 'Pesca'],
    ['Risotto alla parmigiana', 'Petto di pollo al limone', 'Fagiolini all’olio', 'Banana'],
    ['Minestrone con pasta', 'Mozzarella', 'Insalata di pomodori', 'Pera'],
    ['Pasta al pesto', 'Filetto di merluzzo gratinato', 'Patate al forno', 'Uva'],
    ['Pizza margherita', 'Prosciutto cotto', 'Insalata verde', 'Yogurt alla frutta'],
  ],
  [
    ['Pasta all’olio e parmigiano', 'Polpette di manzo al sugo', 'Zucchine trifolate', 'Mela'],
    ['Crema di legumi con crostini', 'Formaggio Grana Padano', 'Carote al vapore', 'Pesca'],
    ['Pasta al pomodoro e tonno', 'Uova strapazzate', 'Insalata verde', 'Anguria'],
    ['Risotto allo zafferano', 'Arrosto di tacchino', 'Patate al forno', 'Banana'],
    ['Gnocchi di patate al pomodoro', 'Platessa impanata', 'Fagiolini all’olio', 'Gelato fiordilatte'],
  ],
  [
    ['Insalata di riso con verdure', 'Tonno all’olio', 'Insalata di pomodori', 'Pera'],
    ['Pasta al ragù di manzo', 'Stracchino', 'Verdure grigliate', 'Albicocche'],
    ['Pasta e fagioli', 'Cosce di pollo al forno', 'Carote julienne', 'Mela'],
    ['Pasta integrale al sugo di verdure', 'Bastoncini di merluzzo al forno', 'Purè di patate', 'Uva'],
    ['Pizza margherita', 'Prosciutto cotto', 'Insalata verde', 'Budino alla vaniglia'],
  ],
  [
    ['Pasta fredda al pomodoro e basilico', 'Mozzarella', 'Zucchine trifolate', 'Pesca'],
    ['Risotto alla parmigiana', 'Hamburger di manzo alla piastra', 'Patate al forno', 'Banana'],
    ['Minestrone con pasta', 'Frittata alle zucchine', 'Fagiolini all’olio', 'Anguria'],
    ['Pasta al pesto', 'Lonza di maiale al latte', 'Insalata verde', 'Pera'],
    ['Pasta al pomodoro e ricotta', 'Filetto di platessa al forno', 'Carote al vapore', 'Macedonia di frutta fresca'],
  ],
];

/** Autumn/winter menu, in force from 2 November to 31 March. */
export const WINTER_MENU: string[][][] = [
  [
    ['Pasta al pomodoro e basilico', 'Frittata agli spinaci', 'Finocchi in insalata', 'Mela'],
    ['Passato di verdure con crostini', 'Petto di pollo al limone', 'Patate al forno', 'Mandarini'],
    ['Risotto allo zafferano', 'Polpette di manzo al sugo', 'Spinaci all’olio', 'Pera'],
    ['Pasta e fagioli', 'Formaggio Grana Padano', 'Carote julienne', 'Arance'],
    ['Pasta al pomodoro e tonno', 'Bastoncini di merluzzo al forno', 'Purè di patate', 'Budino alla vaniglia'],
  ],
  [
    ['Crema di zucca con riso', 'Arrosto di tacchino', 'Cavolfiore gratinato', 'Kiwi'],
    ['Pasta al ragù di manzo', 'Stracchino', 'Insalata verde', 'Mela'],
    ['Minestrone con pasta', 'Cosce di pollo al forno', 'Patate al forno', 'Mandarini'],
    ['Orzotto alle verdure', 'Uova strapazzate', 'Spinaci all’olio', 'Banana'],
    ['Pizza margherita', 'Prosciutto cotto', 'Finocchi in insalata', 'Arance'],
  ],
  [
    ['Pasta all’olio e parmigiano', 'Spezzatino di manzo con piselli', 'Carote al vapore', 'Pera'],
    ['Crema di legumi con crostini', 'Mozzarella', 'Bieta all’olio', 'Mandarini'],
    ['Risotto alla parmigiana', 'Platessa impanata', 'Insalata verde', 'Mela'],
    ['Gnocchi di patate al pomodoro', 'Lonza di maiale al latte', 'Carote julienne', 'Kiwi'],
    ['Lasagne alla bolognese', 'Insalata verde', 'Torta di mele'],
  ],
  [
    ['Passato di verdure con crostini', 'Hamburger di manzo alla piastra', 'Purè di patate', 'Arance'],
    ['Pasta al pomodoro e ricotta', 'Tacchino agli aromi', 'Fagiolini all’olio', 'Mela'],
    ['Pasta e fagioli', 'Frittata agli spinaci', 'Carote julienne', 'Banana'],
    ['Risotto allo zafferano', 'Polpettine di ceci', 'Insalata verde', 'Mandarini'],
    ['Pasta integrale al sugo di verdure', 'Filetto di platessa al forno', 'Spinaci all’olio', 'Yogurt alla frutta'],
  ],
];

/** Afternoon snack at the scuola dell'infanzia, Monday to Friday. */
export const NURSERY_SNACKS = [
  'Pane e marmellata',
  'Yogurt bianco con miele',
  'Frutta fresca di stagione',
  'Crackers integrali',
  'Torta allo yogurt',
];

export const WINTER_MENU_FROM = '11-02';
export const WINTER_MENU_TO = '03-31';

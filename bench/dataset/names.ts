// Common Italian names and surnames, enough that a city of 150,000 children has few homonyms.
export const SURNAMES = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo',
  'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro',
  'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Martinelli', 'Vitale',
  'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti', 'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri',
  'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini', 'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo',
  'Sanna', 'Farina', 'Rizzi', 'Monti', 'Cattaneo', 'Morelli', 'Amato', 'Silvestri', 'Mazza', 'Testa', 'Grassi',
  'Pellegrino', 'Carbone', 'Giuliani', 'Benedetti', 'Barone', 'Rossetti', 'Caputo', 'Montanari', 'Guerra', 'Palmieri',
  'Bernardi', 'Martino', 'Fiore', 'De Rosa', 'Ferretti', 'Bellini', 'Basile', 'Riva', 'Donati', 'Piras', 'Vitali',
  'Battaglia', 'Sartori', 'Neri', 'Costantini', 'Milani', 'Pagano', 'Ruggiero', 'Sorrentino', "D'Amico", 'Orlando',
  'Damico', 'Negri', 'Fumagalli', 'Brambilla', 'Galbiati', 'Mauri', 'Pozzi', 'Zanetti', 'Bassi', 'Ferrero', 'Gallina',
];
export const FEMALE_NAMES = [
  'Sofia', 'Giulia', 'Aurora', 'Alice', 'Ginevra', 'Emma', 'Giorgia', 'Greta', 'Beatrice', 'Anna', 'Vittoria', 'Chiara',
  'Ludovica', 'Matilde', 'Martina', 'Sara', 'Noemi', 'Nicole', 'Rebecca', 'Francesca', 'Elisa', 'Gaia', 'Camilla',
  'Arianna', 'Bianca', 'Azzurra', 'Irene', 'Viola', 'Elena', 'Marta', 'Maria', 'Laura', 'Valentina', 'Federica',
  'Silvia', 'Paola', 'Roberta', 'Simona', 'Alessandra', 'Cristina', 'Monica', 'Barbara', 'Serena', 'Ilaria', 'Eleonora',
  'Caterina', 'Lucia', 'Veronica', 'Claudia', 'Daniela',
];
export const MALE_NAMES = [
  'Leonardo', 'Francesco', 'Alessandro', 'Lorenzo', 'Mattia', 'Andrea', 'Gabriele', 'Riccardo', 'Tommaso', 'Edoardo',
  'Matteo', 'Giuseppe', 'Nicolò', 'Antonio', 'Federico', 'Diego', 'Davide', 'Christian', 'Giovanni', 'Pietro', 'Samuele',
  'Filippo', 'Marco', 'Luca', 'Michele', 'Emanuele', 'Simone', 'Stefano', 'Paolo', 'Roberto', 'Alberto', 'Massimo',
  'Fabio', 'Daniele', 'Giorgio', 'Enrico', 'Claudio', 'Sergio', 'Vincenzo', 'Salvatore', 'Carlo', 'Elia', 'Jacopo',
  'Alessio', 'Valerio', 'Manuel', 'Cristian', 'Gioele', 'Thomas', 'Ettore',
];
export const STREETS = [
  'Via Roma', 'Corso Vittorio Emanuele II', 'Via Garibaldi', 'Via Mazzini', 'Via Cavour', 'Via Dante', 'Via Verdi',
  'Via Marconi', 'Corso Italia', 'Via XX Settembre', 'Via Matteotti', 'Via Gramsci', 'Via della Repubblica', 'Via Po',
  'Via Nizza', 'Corso Francia', 'Via Cernaia', 'Via Lagrange', 'Piazza Castello', 'Via Madama Cristina',
];

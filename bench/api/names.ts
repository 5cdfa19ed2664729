import { SURNAMES } from '../linking/generate.js';

/**
 * Name lists for the API benchmark's area. A real district of a few hundred thousand people has
 * tens of thousands of distinct names with a few very common ones, so surnames come from a
 * weighted list of the commonest UK surnames (about half of people) and a long tail composed of
 * common English surname parts.
 */
export const SURNAME_HEADS = ['Ash', 'Black', 'Brad', 'Brook', 'Bur', 'Cal', 'Chad', 'Craw', 'Dun', 'East', 'Fair', 'Fern', 'Gold', 'Green', 'Hart', 'Haw', 'Hol', 'Kings', 'Lang', 'Ly', 'Mid', 'Mor', 'New', 'North', 'Oak', 'Pen', 'Ram', 'Red', 'Rich', 'Ross', 'Shel', 'South', 'Stan', 'Stock', 'Sut', 'Thorn', 'Wal', 'West', 'Whit', 'Wins', 'Ax', 'Bick', 'Cart', 'Dal', 'Elm', 'Fos', 'Gar', 'Hux', 'Kel', 'Mar'];
export const SURNAME_TAILS = ['ford', 'ley', 'ton', 'worth', 'field', 'well', 'wood', 'by', 'ham', 'stead', 'more', 'bury', 'den', 'son', 'er', 'combe', 'dale', 'hurst', 'shaw', 'wick', 'brook', 'croft', 'land', 'lock', 'man', 'ridge', 'thorpe', 'ville', 'win', 'cott'];

export const GIVEN_NAMES = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William', 'James', 'Henry', 'Leo', 'Alfie', 'Joshua', 'Freddie',
  'Archie', 'Ethan', 'Isaac', 'Alexander', 'Joseph', 'Edward', 'Samuel', 'Max', 'Daniel', 'Mohammed', 'Muhammad', 'Tomasz', 'Kevin', 'Dean', 'Ryan',
  'Liam', 'Kyle', 'Robert', 'Richard', 'Michael', 'Christopher', 'Stephen', 'Anthony', 'Kenneth', 'Connor', 'Paul', 'Mark', 'David', 'John', 'Peter',
  'Andrew', 'Gary', 'Lee', 'Wayne', 'Darren', 'Craig', 'Jamal', 'Kwame', 'Arjun', 'Ravi', 'Piotr', 'Sean', 'Callum', 'Reece', 'Brandon', 'Dylan',
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Isabella', 'Mia', 'Poppy', 'Ella', 'Lily', 'Sophie', 'Grace', 'Evie', 'Sophia', 'Ruby', 'Chloe',
  'Jessica', 'Charlotte', 'Margaret', 'Elizabeth', 'Catherine', 'Susan', 'Patricia', 'Jennifer', 'Rebecca', 'Deborah', 'Aisha', 'Zara', 'Priya',
  'Megan', 'Irene', 'Shannon', 'Nadia', 'Fatima', 'Amina', 'Joanne', 'Karen', 'Tracey', 'Lisa', 'Nicola', 'Sarah', 'Helen', 'Claire', 'Emma',
  'Laura', 'Hannah', 'Lauren', 'Danielle', 'Kayleigh', 'Jade', 'Leanne', 'Gemma', 'Stacey', 'Natalie', 'Agnieszka', 'Chiamaka', 'Ngozi', 'Siobhan',
];

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The common surnames with each repeated by its weight: picking uniformly from it follows the weights. */
export const weightedSurnames = () => SURNAMES.flatMap(([s, w]) => Array<string>(w).fill(capitalise(s)));

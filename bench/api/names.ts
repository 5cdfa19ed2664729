/**
 * Name lists for the API benchmark's area. A real district of a few hundred thousand people has
 * tens of thousands of distinct names with a few very common ones, so surnames come from a
 * weighted list of the commonest UK surnames (about half of people) and a long tail composed of
 * common English surname parts.
 */
export const COMMON_SURNAMES: [string, number][] = [
  ['Smith', 120], ['Jones', 90], ['Williams', 70], ['Taylor', 60], ['Brown', 60], ['Davies', 50], ['Evans', 45], ['Wilson', 40], ['Thomas', 40],
  ['Johnson', 38], ['Roberts', 36], ['Robinson', 30], ['Thompson', 30], ['Wright', 30], ['Walker', 28], ['White', 28], ['Edwards', 26], ['Hughes', 26],
  ['Green', 25], ['Hall', 25], ['Lewis', 24], ['Harris', 24], ['Clarke', 23], ['Patel', 23], ['Jackson', 22], ['Wood', 22], ['Turner', 21],
  ['Martin', 21], ['Cooper', 20], ['Hill', 20], ['Ward', 20], ['Morris', 19], ['Moore', 19], ['Clark', 19], ['Lee', 18], ['King', 18], ['Baker', 18],
  ['Harrison', 17], ['Morgan', 17], ['Allen', 17], ['James', 16], ['Scott', 16], ['Phillips', 16], ['Watson', 15], ['Davis', 15], ['Parker', 15],
  ['Price', 14], ['Bennett', 14], ['Young', 14], ['Griffiths', 13], ['Mitchell', 13], ['Kelly', 13], ['Cook', 13], ['Carter', 13], ['Richardson', 12],
  ['Bailey', 12], ['Collins', 12], ['Bell', 12], ['Shaw', 12], ['Murphy', 12], ['Miller', 11], ['Cox', 11], ['Richards', 11], ['Khan', 11], ['Marshall', 10],
  ['Anderson', 10], ['Simpson', 10], ['Ellis', 10], ['Adams', 10], ['Singh', 10], ['Begum', 10], ['Wilkinson', 9], ['Foster', 9], ['Chapman', 9],
  ['Powell', 9], ['Webb', 9], ['Rogers', 9], ['Gray', 9], ['Mason', 9], ['Ali', 9], ['Hunt', 8], ['Hussain', 8], ['Campbell', 8], ['Matthews', 8],
  ['Owen', 8], ['Palmer', 8], ['Holmes', 8], ['Mills', 8], ['Barnes', 8], ['Knight', 8], ['Lloyd', 8], ['Butler', 8], ['Russell', 8], ['Barker', 7],
  ['Fisher', 7], ['Stevens', 7], ['Jenkins', 7], ['Murray', 7], ['Dixon', 7], ['Harvey', 7], ['Okafor', 2], ['Nowak', 2], ['Kowalski', 2], ['Mensah', 2],
];

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

/** The common surnames with each repeated by its weight: picking uniformly from it follows the weights. */
export const weightedSurnames = () => COMMON_SURNAMES.flatMap(([s, w]) => Array<string>(w).fill(s));

/** The demo area's people, places and stories: a small borough with the cases officers meet every week. */

export const STREETS = [
  ['Elm Court', 'M1 1AE', 'E01005066'],
  ['Marsh House', 'M1 2AB', 'E01005067'],
  ['Canal Street', 'M1 3HW', 'E01005068'],
  ['Victoria Road', 'M4 5BD', 'E01005070'],
  ['Albion Terrace', 'M4 6DE', 'E01005071'],
  ['Northgate Park', 'M8 0QR', 'E01005080'],
  ['Station Approach', 'M8 1JT', 'E01005081'],
  ['Mill Lane', 'M9 4FP', 'E01005090'],
  ['Chapel Walk', 'M9 5GN', 'E01005091'],
  ['Riverside Parade', 'M3 4LZ', 'E01005095'],
] as const;

export const GIVEN = ['James', 'Olivia', 'Mohammed', 'Amelia', 'Jack', 'Isla', 'Harry', 'Ava', 'Noah', 'Emily', 'Leo', 'Sophie', 'Oscar', 'Grace', 'Charlie', 'Ruby', 'Aisha', 'Daniel', 'Chloe', 'Ryan', 'Megan', 'Liam', 'Zara', 'Connor'];
export const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright', 'Khan', 'Walker', 'Evans', 'Roberts', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Clarke', 'Nowak', 'Okoro', 'Murphy', 'Begum'];

export const BACKGROUND = [
  ['noise', 'Loud music and shouting from a neighbouring flat late at night.'],
  ['rowdy_behaviour', 'Group of young people gathering, shouting and kicking balls at cars.'],
  ['drug_related', 'People coming and going at all hours; smell of cannabis in the stairwell.'],
  ['fly_tipping', 'Mattresses and bin bags dumped by the garages.'],
  ['graffiti', 'Tags sprayed on the bus shelter and shop shutters.'],
  ['vehicle_nuisance', 'Motorbikes ridden on the footpath and through the park.'],
  ['verbal_abuse', 'Resident sworn at and called names when walking past.'],
  ['criminal_damage', 'Car mirror smashed and fence panels kicked in.'],
  ['alcohol_related', 'Street drinking outside the shop, bottles left on the pavement.'],
  ['neighbour_dispute', 'Ongoing dispute over parking and bins between two households.'],
] as const;

export interface StoryReport {
  daysAgo: number;
  agency: 'council' | 'housing' | 'police';
  channel: 'phone' | 'online' | 'in_person' | 'police_system' | 'housing_system' | 'email';
  category: string;
  description: string;
  people: { key: string; role: 'victim' | 'alleged_perpetrator' | 'witness' | 'reporter' | 'child'; as?: Record<string, unknown> }[];
  street: number;
}

export interface Story {
  title: string;
  caseType: 'asb' | 'safeguarding_led' | 'complex_case';
  lead: 'council' | 'housing' | 'police';
  partners: ('council' | 'housing' | 'police' | 'health' | 'asc' | 'csc' | 'victims')[];
  people: Record<string, Record<string, unknown>>;
  reports: StoryReport[];
  /** The demo risk picture for each person: harm they face and harm they pose. */
  risk: Record<string, { faced?: 'standard' | 'medium' | 'high'; posed?: 'standard' | 'medium' | 'high' }>;
}

export const STORIES: Story[] = [
  {
    title: 'Elm Court: sustained harassment of a vulnerable resident',
    caseType: 'complex_case',
    lead: 'council',
    partners: ['police', 'housing', 'health', 'victims'],
    people: {
      margaret: { givenName: 'Margaret', familyName: 'Doyle', dateOfBirth: '1958-04-11', phone: '07700 900123', address: { line1: '14 Elm Court', postcode: 'M1 1AE' } },
      kyle: { givenName: 'Kyle', familyName: 'Benson', dateOfBirth: '1999-09-02', address: { line1: '16 Elm Court', postcode: 'M1 1AE' } },
    },
    reports: [
      { daysAgo: 300, agency: 'housing', channel: 'housing_system', category: 'noise', description: 'Tenant at 14 reports banging on walls and music until 3am from number 16.', people: [{ key: 'margaret', role: 'victim' }, { key: 'kyle', role: 'alleged_perpetrator' }], street: 0 },
      { daysAgo: 260, agency: 'council', channel: 'phone', category: 'harassment', description: 'Caller says the man next door shouts abuse at her on the stairs and she is afraid to go out.', people: [{ key: 'margaret', role: 'victim', as: { givenName: 'Maggie' } }], street: 0 },
      { daysAgo: 210, agency: 'police', channel: 'police_system', category: 'intimidation', description: 'Officers attended: female occupant distressed, reports threats through the letterbox.', people: [{ key: 'margaret', role: 'victim', as: { familyName: 'Doyl' } }, { key: 'kyle', role: 'alleged_perpetrator' }], street: 0 },
      { daysAgo: 150, agency: 'council', channel: 'online', category: 'harassment', description: 'Eggs thrown at the window of flat 14; note pushed through the door.', people: [{ key: 'margaret', role: 'victim', as: { phone: '07700 900456' } }], street: 0 },
      { daysAgo: 90, agency: 'police', channel: 'police_system', category: 'verbal_abuse', description: 'Neighbour reported shouting "nobody will help you" at the victim; victim tearful.', people: [{ key: 'margaret', role: 'victim' }, { key: 'kyle', role: 'alleged_perpetrator' }], street: 0 },
      { daysAgo: 40, agency: 'housing', channel: 'in_person', category: 'harassment', description: 'Victim visited the office; says she has stopped sleeping and is thinking of moving out.', people: [{ key: 'margaret', role: 'victim' }], street: 0 },
      { daysAgo: 12, agency: 'council', channel: 'phone', category: 'intimidation', description: 'Report from 14 Elm Court only: kicking at the door at night again.', people: [], street: 0 },
    ],
    risk: { margaret: { faced: 'high' }, kyle: { posed: 'high', faced: 'medium' } },
  },
  {
    title: 'Marsh House: cuckooing concern',
    caseType: 'safeguarding_led',
    lead: 'police',
    partners: ['council', 'asc', 'health'],
    people: {
      steven: { givenName: 'Steven', familyName: 'Hale', dateOfBirth: '1984-02-19', address: { line1: 'Flat 3 Marsh House', postcode: 'M1 2AB' } },
      dean: { givenName: 'Dean', familyName: 'Carver', dateOfBirth: '2001-07-30' },
    },
    reports: [
      { daysAgo: 75, agency: 'council', channel: 'phone', category: 'drug_related', description: 'Neighbours report strangers using flat 3 day and night; the tenant seems frightened.', people: [{ key: 'steven', role: 'victim' }], street: 1 },
      { daysAgo: 30, agency: 'police', channel: 'police_system', category: 'cuckooing_concern', description: 'Warrant intelligence: flat 3 used to deal; occupant has a learning disability and may be exploited.', people: [{ key: 'steven', role: 'victim' }, { key: 'dean', role: 'alleged_perpetrator' }], street: 1 },
      { daysAgo: 6, agency: 'housing', channel: 'housing_system', category: 'drug_related', description: 'Damage to the door of flat 3; tenant did not want to talk.', people: [{ key: 'steven', role: 'victim', as: { givenName: 'Steve' } }], street: 1 },
    ],
    risk: { steven: { faced: 'high', posed: 'standard' }, dean: { posed: 'high' } },
  },
  {
    title: 'Victoria Road: noise between neighbours',
    caseType: 'asb',
    lead: 'housing',
    partners: ['council'],
    people: {
      priya: { givenName: 'Anita', familyName: 'Rao', dateOfBirth: '1990-11-05', address: { line1: '22 Victoria Road', postcode: 'M4 5BD' } },
      tom: { givenName: 'Gary', familyName: 'Pearce', dateOfBirth: '1975-03-14', address: { line1: '24 Victoria Road', postcode: 'M4 5BD' } },
      child: { givenName: 'Lily', familyName: 'Pearce', dateOfBirth: '2016-06-01' },
    },
    reports: [
      { daysAgo: 60, agency: 'housing', channel: 'phone', category: 'noise', description: 'Dog barking and loud television through the wall every evening.', people: [{ key: 'priya', role: 'victim' }, { key: 'tom', role: 'alleged_perpetrator' }], street: 3 },
      { daysAgo: 20, agency: 'housing', channel: 'email', category: 'neighbour_dispute', description: 'Argument in the garden; child present and upset.', people: [{ key: 'priya', role: 'victim' }, { key: 'tom', role: 'alleged_perpetrator' }, { key: 'child', role: 'child' }], street: 3 },
    ],
    risk: { priya: { faced: 'medium' }, tom: { posed: 'medium', faced: 'medium' } },
  },
  {
    title: 'Northgate Park: youth gathering',
    caseType: 'asb',
    lead: 'council',
    partners: ['police'],
    people: { reporter: { givenName: 'Helen', familyName: 'Walsh', phone: '0161 496 0000' } },
    reports: [
      { daysAgo: 25, agency: 'council', channel: 'online', category: 'rowdy_behaviour', description: 'Teenagers gathering by the play area in the evenings, some littering.', people: [{ key: 'reporter', role: 'reporter' }], street: 5 },
      { daysAgo: 9, agency: 'police', channel: 'police_system', category: 'rowdy_behaviour', description: 'Patrol spoke to a group of 8 young people; no offences.', people: [], street: 5 },
    ],
    risk: { reporter: { faced: 'standard' } },
  },
];

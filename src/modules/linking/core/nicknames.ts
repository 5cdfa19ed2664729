/** Common English given-name variants: a nickname agreeing with its full form is strong evidence. */
const GROUPS = [
  'william bill billy will willy liam', 'robert bob bobby rob robbie bert', 'richard rick ricky dick rich richie', 'john jon jack johnny jonny',
  'jonathan jon jonny nathan', 'james jim jimmy jamie', 'thomas tom tommy', 'michael mike mick mickey mikey', 'christopher chris kit topher',
  'elizabeth liz lizzie beth betty eliza libby bess elsie', 'margaret maggie meg peggy marge margie greta', 'katherine kate katie kathy kath kay kitty',
  'catherine cath cathy kate katie', 'jennifer jen jenny', 'rebecca becky becca', 'susan sue susie suzy', 'patricia pat patty trish tricia',
  'anthony tony ant', 'edward ed eddie ted teddy ned', 'henry harry hal hank', 'charles charlie chas chuck', 'daniel dan danny',
  'david dave davy', 'joseph joe joey', 'samuel sam sammy', 'benjamin ben benny', 'matthew matt matty', 'andrew andy drew', 'peter pete',
  'stephen steve stevie', 'steven steve stevie', 'nicholas nick nicky', 'alexander alex alec sandy', 'alexandra alex sandra sandy lexi',
  'victoria vicky tori', 'deborah debbie deb', 'jacqueline jackie jacqui', 'josephine jo josie', 'joanne jo jo-anne', 'kimberley kim',
  'pamela pam', 'dorothy dot dottie', 'frances fran frankie', 'francis frank frankie', 'gerald gerry', 'geoffrey geoff jeff', 'jeffrey jeff',
  'kenneth ken kenny', 'lawrence larry laurie', 'leonard len lenny leo', 'raymond ray', 'ronald ron ronnie', 'donald don donny',
  'timothy tim timmy', 'terence terry', 'walter walt wally', 'albert al bert bertie', 'alfred alf alfie fred', 'frederick fred freddie',
  'harold harry hal', 'philip phil pip', 'phillip phil', 'gregory greg', 'douglas doug', 'duncan dunc', 'barbara barb babs', 'christine chris chrissie tina',
  'christina chris tina', 'valerie val', 'sandra sandy', 'amanda mandy', 'samantha sam sammy', 'natalie nat', 'nathaniel nat nate',
  'abigail abby abbie gail', 'eleanor ellie nell nora', 'helen nell', 'isabel isabella izzy bella', 'jessica jess jessie', 'lucy lou',
  'louise lou lulu', 'mary molly polly mae', 'sarah sally sadie', 'theresa tess tessa terri', 'teresa tess terri', 'zachary zach zak',
  'oliver ollie', 'harrison harry', 'joshua josh', 'connor con', 'callum cal', 'mohammed mohammad muhammad mo', 'ebony ebb', 'jayden jay',
];

const ROOTS = new Map<string, Set<number>>();
GROUPS.forEach((g, i) => {
  for (const n of g.split(' ')) {
    const key = n.replace(/[^a-z]/g, '');
    if (!ROOTS.has(key)) ROOTS.set(key, new Set());
    ROOTS.get(key)!.add(i);
  }
});

/** True when the two given names are known variants of one name (Bill / William, Peggy / Margaret). */
export function nicknameMatch(a: string, b: string): boolean {
  const ra = ROOTS.get(a);
  const rb = ROOTS.get(b);
  if (!ra || !rb) return false;
  for (const x of ra) if (rb.has(x)) return true;
  return false;
}

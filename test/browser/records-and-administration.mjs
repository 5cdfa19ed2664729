// Browser journeys: Finding people and places, emergency access, the data protection officer's reviews and administration.
// They run in order on one page, each starting where the one before it left off.

export default async function journeys({ page, base, test, expect, axe, shots, signInAs }) {
  await test('finds a person by name; a partner with the name only opens the record in an emergency', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel(/^Name/).fill('Margaret Doyle');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: 'Margaret Doyle' }).first().click();
    await page.getByRole('heading', { name: 'Margaret Doyle', level: 1 }).waitFor();
    const cases = page.getByRole('region', { name: 'Cases' });
    await cases.getByRole('link', { name: 'CASE-2026-000001' }).waitFor();
    expect(/14 Elm Court/.test((await page.getByRole('region', { name: 'Record', exact: true }).textContent()) ?? ''), 'her address is shown to the officer');
    await page.getByRole('region', { name: 'Risk: the harm they face and the harm they pose' }).getByText('Harm faced').first().waitFor();
    await page.getByRole('region', { name: 'Records that may be the same person' }).getByText('No links waiting for a decision.').waitFor();
    await axe(page, 'person');

    await signInAs('caseworker@victims.demo');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel(/^Name/).fill('Zara Smith');
    await page.getByRole('button', { name: 'Find' }).click();
    const nameOnly = page.getByRole('row', { name: /Zara Smith.*name only/ }).first();
    await nameOnly.getByRole('link').click();
    const shared = page.getByRole('region', { name: 'Only the name is shared with you' });
    await shared.waitFor();
    await axe(page, 'person (name only)');
    await shared.getByLabel('What is the emergency, and why do you need this record now?').fill('She has called saying she will harm herself tonight; we need her address and contacts now');
    await shared.getByRole('button', { name: 'Open the record in an emergency' }).click();
    await page.getByRole('status').filter({ hasText: 'The data protection officer has been told' }).waitFor();
    await page.getByRole('region', { name: 'Reports naming them' }).getByRole('listitem').first().waitFor();
    await page.screenshot({ path: `${shots}/person.png`, fullPage: true });
    // Her case is not her record: it is opened in an emergency of its own.
    await page.getByRole('region', { name: 'Cases' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'This case is not shared with you' }).waitFor();
    await axe(page, 'case not shared');
    await page.getByLabel('What is the emergency, and why do you need this record now?').fill('She has called saying she will harm herself tonight; the case holds who is supporting her');
    await page.getByRole('button', { name: 'Open the record in an emergency' }).click();
    await page.getByRole('heading', { name: /CASE-2026-\d+: Repeated reports: Zara Smith/ }).waitFor();
  });

  await test('finds an address and every agency\'s reports there, and goes from them to the people named', async () => {
    await signInAs('officer@council.demo');
    await page.getByRole('link', { name: 'Places' }).click();
    await page.getByLabel('Address or postcode').fill('Elm Court');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: '14 Elm Court, M1 1AE' }).click();
    await page.getByRole('heading', { name: '14 Elm Court, M1 1AE', level: 1 }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(/\d+ reports from 3 agencies/.test(text), `counted: ${text.slice(0, 200)}`);
    expect(/banged on her door and shouted threats again/.test(text), 'the report taken earlier is there, in full for its own agency');
    expect(/Riverside Neighbourhood Policing/.test(text) && /Riverside Homes/.test(text), 'reports from the police and the housing provider');
    await axe(page, 'place');
    await page.screenshot({ path: `${shots}/place.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1200 } });
    await page.getByRole('link', { name: 'Margaret Doyle' }).first().click();
    await page.getByRole('heading', { name: 'Margaret Doyle', level: 1 }).waitFor();
    // And back from her record to the address.
    await page.getByRole('region', { name: 'Record', exact: true }).getByRole('link', { name: '14 Elm Court, M1 1AE' }).click();
    await page.getByRole('heading', { name: '14 Elm Court, M1 1AE', level: 1 }).waitFor();
  });

  await test('data protection officer reviews emergency access, who has seen a record, and the subject access export', async () => {
    // A housing officer opens Margaret Doyle's record in an emergency (through the API, as a partner's system could).
    const signIn = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'officer@housing.demo', password: 'convene-demo-2026' }) });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = await signIn.json();
    const asHousing = (path, body) => fetch(`${base}/api/v1${path}`, { method: body ? 'POST' : 'GET', headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body) });
    const margaret = (await (await asHousing('/people?q=Margaret%20Doyle')).json()).items[0].id;
    const reason = 'Reported collapsed on the landing; her contacts and risk are needed now';
    expect((await asHousing('/break-glass', { personId: margaret, reason })).status === 201, 'emergency access granted');

    await signInAs('dpo@council.demo');
    await page.getByRole('link', { name: 'Data protection' }).click();
    const alerts = page.getByRole('region', { name: /Emergency access to review \(3\)/ });
    await alerts.getByText(reason, { exact: false }).waitFor();
    expect(/Gareth Lewis opened a person's record in an emergency/.test((await alerts.textContent()) ?? ''), 'who opened what, and when');
    await alerts.locator('.card', { hasText: reason }).getByRole('button', { name: 'Mark as reviewed' }).click();
    await page.getByRole('region', { name: /Emergency access to review \(2\)/ }).locator('.card', { hasText: reason }).getByText('reviewed').waitFor();

    const record = page.getByRole('region', { name: /A person's record/ });
    // From the emergency access under review straight to whose record it was, and who has seen it.
    await page.getByRole('region', { name: /Emergency access to review/ }).locator('.card', { hasText: reason }).getByRole('button', { name: 'See who has seen that record' }).click();
    await record.getByRole('heading', { name: 'Margaret Doyle' }).waitFor();
    await record.getByRole('row', { name: /break glass/ }).first().waitFor();
    await record.getByRole('button', { name: 'Choose someone else' }).click();
    await record.getByLabel('Name').fill('Margaret Doyle');
    await record.getByRole('button', { name: 'Find' }).click();
    await record.getByRole('button', { name: 'Show who has seen their record' }).first().click();
    const glass = record.getByRole('row', { name: /break glass/ });
    await glass.waitFor();
    expect(/Gareth Lewis/.test((await glass.textContent()) ?? '') && /collapsed on the landing/.test((await glass.textContent()) ?? ''), 'the emergency access is in her log, with its reason');
    const exportLink = record.getByRole('link', { name: 'readable (HTML)' });
    const exported = await page.request.get(`${base}${await exportLink.getAttribute('href')}`);
    expect(exported.status() === 200 && /Everything Convene holds about this person/.test(await exported.text()) && /07700 900123/.test(await exported.text()), 'the subject access export holds her record');
    await record.getByRole('button', { name: 'Restrict processing' }).click();
    await record.getByRole('status').filter({ hasText: 'Processing restricted.' }).waitFor();
    await record.getByText('Processing is restricted', { exact: false }).waitFor();
    await axe(page, 'data protection');
    // The top of the page: the whole log of a demo record is several screens long.
    await page.screenshot({ path: `${shots}/data-protection.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
    await record.getByRole('button', { name: 'Lift the restriction' }).click();
    await record.getByText('Processing is not restricted', { exact: false }).waitFor();
  });
  await test('administrator adds a member of staff, who signs in; the Case Review threshold is set per area', async () => {
    await signInAs('admin@council.demo');
    await page.getByRole('link', { name: 'Administration' }).click();
    const add = page.getByRole('region', { name: 'Add a member of staff' });
    await add.getByLabel('Name').fill('Jo Whitfield');
    await add.getByLabel('Email').fill('jo.whitfield@council.demo');
    await add.getByLabel('Role').selectOption('officer');
    await add.getByLabel('Agency').selectOption({ label: 'Riverside Borough Council' });
    await add.getByLabel('Team').selectOption({ index: 1 });
    await add.getByLabel(/First password/).fill('a first password to change');
    await add.getByRole('button', { name: 'Add them' }).click();
    await add.getByRole('status').filter({ hasText: 'Jo Whitfield can now sign in' }).waitFor();
    await page.getByRole('region', { name: 'Staff' }).getByRole('row', { name: /Jo Whitfield/ }).waitFor();
    // A leaver is disabled, and enabled again on their return.
    const staff = page.getByRole('region', { name: 'Staff' });
    await staff.getByRole('button', { name: 'Disable Jo Whitfield' }).click();
    await staff.getByRole('row', { name: /Jo Whitfield/ }).getByText('disabled').waitFor();
    await staff.getByRole('button', { name: 'Enable Jo Whitfield' }).click();
    await staff.getByRole('button', { name: 'Disable Jo Whitfield' }).waitFor();
    const threshold = page.getByRole('form', { name: 'Threshold for Riverside' });
    await threshold.getByLabel('Reports').fill('3');
    await threshold.getByLabel('Within days').fill('183');
    await threshold.getByRole('button', { name: 'Save' }).click();
    await threshold.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    await axe(page, 'administration');
    await page.screenshot({ path: `${shots}/administration.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('jo.whitfield@council.demo');
    await page.getByLabel('Password').fill('a first password to change');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Good to see you, Jo Whitfield' }).waitFor();
    // They change the first password for their own.
    await page.getByRole('link', { name: 'Jo Whitfield' }).click();
    await page.getByLabel('Current password').fill('a first password to change');
    await page.getByLabel(/^New password \(/).fill('only jo knows this one');
    await page.getByLabel('New password again').fill('only jo knows this one');
    await axe(page, 'account');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('jo.whitfield@council.demo');
    await page.getByLabel('Password').fill('only jo knows this one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Good to see you, Jo Whitfield' }).waitFor();
  });
}

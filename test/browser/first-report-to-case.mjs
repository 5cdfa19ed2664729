// Browser journeys: A resident reports; an officer takes a report, links it and opens a case, then works the case: its page, victims, safeguarding, a case conference and an assessment.
// They run in order on one page, each starting where the one before it left off.

export default async function journeys({ page, base, test, expect, axe, shots }) {
  await test('resident reports ASB without an account and checks its status', async () => {
    await page.goto(`${base}/report`);
    await axe(page, '/report');
    await page.screenshot({ path: `${shots}/portal-report.png`, fullPage: true });
    await page.getByLabel('What happened?').fill('Loud music and shouting from the flat above every night this week.');
    await page.getByLabel('Where did it happen? (street or building)').fill('22 Canal Street');
    await page.getByLabel('Postcode, if you know it').fill('M1 3HW');
    await page.getByRole('button', { name: 'Send report' }).click();
    const reference = await page.getByTestId('reference').textContent();
    expect(/^ASB-/.test(reference ?? ''), 'a reference is shown');
    await axe(page, '/report (sent)');
    await page.getByRole('link', { name: 'Check the progress of your report' }).click();
    await page.getByTestId('stage').waitFor();
    expect((await page.getByTestId('stage').textContent())?.includes('We have your report'), 'the stage is shown');
    await axe(page, '/report/status');
    await page.screenshot({ path: `${shots}/portal-status.png`, fullPage: true });
  });

  await test('officer signs in and sees home with tasks and link suggestions', async () => {
    await page.goto(`${base}/`);
    await axe(page, 'sign-in');
    await page.screenshot({ path: `${shots}/sign-in.png` });
    await page.getByLabel('Email').fill('officer@council.demo');
    await page.getByLabel('Password').fill('convene-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Good to see you/ }).waitFor();
    await page.getByRole('heading', { name: 'New link suggestions' }).waitFor();
    await page.getByRole('heading', { name: 'Victims due an update' }).waitFor();
    const due = page.getByRole('region', { name: 'Victims due an update' });
    await due.getByRole('link', { name: /CASE-.*Elm Court/ }).waitFor();
    expect(/Margaret Doyle/.test((await due.textContent()) ?? ''), 'the victim is named');
    expect(/update due \d+ \w+ \d{4}/.test((await due.textContent()) ?? ''), 'the due date is shown');
    expect((await due.locator('.badge').count()) > 0, 'the due state is shown as a badge');
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    // A victim reported again and again, each time as a new record, surfaces on their own with no
    // open case: counted over the records linked to them, as intake counts them for its flag.
    const past = page.getByRole('region', { name: 'Past the ASB Case Review threshold' });
    await past.getByText(/Zara Smith/).waitFor();
    expect(/Zara Smith: 5 reports from 3 agencies/.test((await past.textContent()) ?? ''), 'the reports and agencies are counted');
    // The demo's places have their third report outside the Case Review window: not listed as past it.
    expect(!/Chapel Walk/.test((await past.textContent()) ?? ''), 'a place is past the threshold by its reports in the window');
    await page.getByRole('heading', { name: 'Overdue risk reviews' }).waitFor();
    await page.getByRole('link', { name: /Elm Court: review of the injunction/ }).waitFor();
    await page.waitForTimeout(500);
    await axe(page, 'home');
    await page.screenshot({ path: `${shots}/home.png`, fullPage: true });
  });

  await test('takes a report, sees link suggestions with evidence, confirms one and opens a case', async () => {
    await page.getByRole('link', { name: 'Take a report' }).click();
    await page.getByLabel('What happened').fill('Victim says the neighbour banged on her door and shouted threats again.');
    await page.getByLabel('Where: address').fill('14 Elm Court');
    await page.getByLabel('Postcode').fill('M1 1AE');
    await page.locator('#victimName').fill('Margaret Doyle');
    await page.locator('#victimDob').fill('1958-04-11');
    await axe(page, 'intake');
    await page.screenshot({ path: `${shots}/intake.png`, fullPage: true });
    await page.getByRole('button', { name: 'Record report and look for links' }).click();
    await page.getByRole('heading', { name: /recorded/ }).waitFor();
    const evidence = await page.locator('.evidence').first().textContent();
    expect(/matched on/.test(evidence ?? ''), `evidence shown (${evidence})`);
    expect((await page.locator('.flag').count()) > 0, 'flags shown');
    await axe(page, 'intake result');
    await page.screenshot({ path: `${shots}/link-suggestions.png`, fullPage: true });
    await page.getByRole('button', { name: 'Confirm' }).first().click();
    await page.getByRole('status').filter({ hasText: 'Link confirmed' }).first().waitFor();
    await page.getByRole('button', { name: 'Open a case from this report' }).click();
    await page.getByRole('heading', { name: /^CASE-/ }).waitFor();
  });

  await test('case list and the Elm Court case page: parties, dual-lens risk chart, merged chronology', async () => {
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('link', { name: /CASE-/ }).first().waitFor();
    await page.locator('td .badge').first().waitFor();
    expect((await page.locator('td .badge', { hasText: 'Faced:' }).count()) > 0 && (await page.locator('td .badge', { hasText: 'Posed:' }).count()) > 0, 'both sides of the risk shown');
    await axe(page, 'cases');
    await page.screenshot({ path: `${shots}/cases.png`, fullPage: true });
    const all = await page.locator('tbody tr').count();
    await page.getByLabel('Risk level').selectOption('high');
    await page.getByLabel('Side of the risk').selectOption('posed');
    await page.getByRole('caption').filter({ hasText: 'at this risk level' }).waitFor();
    const high = await page.locator('tbody tr').count();
    expect(high > 0 && high < all, `the risk filter narrows the list (${high} of ${all})`);
    expect((await page.locator('tbody tr').filter({ hasText: 'Posed: high' }).count()) === high, 'every row shown has someone posing high risk');
    // Waits for the rows the new filter's request returned, each with its risk badges, on screen.
    const filtered = async (query, change) => {
      const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.url().includes(query)), change()]);
      const refs = (await res.json()).items.map((i) => i.reference);
      const end = Date.now() + 15_000;
      for (;;) {
        const shown = await page.locator('tbody tr td:first-child').allTextContents();
        const badged = await page.locator('tbody tr').filter({ has: page.locator('.badge') }).count();
        if (shown.length === refs.length && refs.every((r) => shown.some((x) => x.includes(r))) && badged === refs.length) return refs.length;
        if (Date.now() > end) throw new Error(`the list did not show the ${refs.length} cases of ${query}`);
        await page.waitForTimeout(100);
      }
    };
    const either = await filtered('harmEither=high', () => page.getByLabel('Side of the risk').selectOption('either'));
    expect(either >= high, `either side finds at least the cases with someone posing high risk (${either} of ${all})`);
    expect((await page.locator('tbody tr').filter({ hasText: /(Faced|Posed): high/ }).count()) === either, 'every row shown has someone at high risk on one side or the other');
    const none = await filtered('unassessed=either', () => page.getByLabel('Risk level').selectOption('none'));
    expect(none > 0 && none < all, `"not assessed yet" on either side narrows the list (${none} of ${all})`);
    expect((await page.locator('tbody tr').filter({ hasText: /(Faced|Posed): not assessed/ }).count()) === none, 'every row shown has a side nobody has assessed');
    await page.getByLabel('Risk level').selectOption('any');
    await page.getByRole('row', { name: /Elm Court/ }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Multi-agency chronology' }).waitFor();
    await page.locator('.chronology li').first().waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    const agencies = await page.locator('.chronology .agency').allTextContents();
    expect(new Set(agencies).size >= 2, `entries from several agencies (${[...new Set(agencies)].join(', ')})`);
    expect((await page.locator('.badge').count()) >= 2, 'risk badges for both lenses');
    await page.getByRole('heading', { name: 'Safeguarding concerns' }).waitFor();
    await page.getByRole('heading', { name: 'Victims: kept informed and supported' }).waitFor();
    await axe(page, 'case');
    await page.screenshot({ path: `${shots}/case.png`, fullPage: true });
  });

  await test('records support offered to a victim, their answer and their account of the impact', async () => {
    const card = page.getByRole('article', { name: /^Victim: Margaret Doyle/ });
    await card.getByText(/next due/).waitFor();
    await card.getByText(/^Record support offered/).click();
    await card.getByLabel('Support offered').selectOption('victim_support');
    await card.getByLabel('Their answer').selectOption('offered');
    await card.getByRole('button', { name: 'Record the offer' }).click();
    await card.getByText(/victim support \(.*\): awaiting their answer/).waitFor();
    await card.getByRole('button', { name: 'Accepted: victim support' }).click();
    await card.getByText(/victim support \(.*\): accepted/).waitFor();
    await card.getByText(/account of the impact$/).click();
    await card.getByLabel('In their own words').fill('I do not sleep. I jump every time someone walks past the door.');
    await card.getByLabel('How they gave it').selectOption('phone');
    await card.getByRole('button', { name: 'Record their account' }).click();
    await card.locator('blockquote', { hasText: 'I jump every time' }).waitFor();
    await axe(page, 'case (support and impact recorded)');
  });

  await test('raises a safeguarding concern from the case page and tracks it', async () => {
    const panel = page.getByRole('region', { name: 'Safeguarding concerns' });
    await panel.getByText('Raise a safeguarding concern').click();
    await panel.getByLabel('Person').selectOption({ label: 'Margaret Doyle (victim)' });
    await panel.getByLabel('Why you are concerned').fill('Lives alone, not eating, and says she is frightened to leave the flat.');
    await panel.getByLabel('What you are sharing, and why it is needed').fill('Her name, address and the last two incident reports, so adult social care can assess her needs.');
    await panel.getByRole('button', { name: 'Raise the concern' }).click();
    await panel.getByRole('status').filter({ hasText: 'Concern raised to' }).waitFor();
    await panel.locator('.concern', { hasText: 'about Margaret Doyle' }).getByRole('list', { name: 'Progress: Raised' }).waitFor();
    await page.getByRole('heading', { name: 'Children affected' }).waitFor();
    await axe(page, 'case (concern raised)');
    await panel.screenshot({ path: `${shots}/case-safeguarding.png` });
    await page.getByRole('region', { name: 'Victims: kept informed and supported' }).screenshot({ path: `${shots}/case-victims.png` });
  });

  await test('case conference: agenda from the case and every agency\'s view side by side', async () => {
    await page.getByRole('link', { name: /Case conference: Elm Court/ }).click();
    await page.getByRole('heading', { name: "Each agency's view, side by side" }).waitFor();
    const sides = await page.locator('.sides article').count();
    expect(sides >= 4, `at least four sides of the clock (${sides})`);
    const given = await page.locator('.sides article p:first-of-type').allTextContents();
    expect(given.filter((t) => t.trim().length > 20).length >= 4, 'each side shows its view, or says it is withheld and why');
    expect((await page.getByText('Seek a civil injunction').count()) > 0, 'decisions shown');
    await axe(page, 'meeting');
    await page.screenshot({ path: `${shots}/case-conference.png`, fullPage: true });
    await page.goBack();
    await page.getByRole('heading', { name: 'Multi-agency chronology' }).waitFor();
  });

  await test('completes an assessment rendered from the questionnaire, with its guidance', async () => {
    await page.getByRole('link', { name: /^Assess / }).first().click();
    await page.getByRole('button', { name: 'Save assessment' }).waitFor();
    expect((await page.locator('.guidance').count()) > 0, 'guidance notes shown');
    await axe(page, 'assessment');
    await page.screenshot({ path: `${shots}/assessment.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByRole('heading', { name: 'Result' }).waitFor();
    expect((await page.locator('.badge').textContent())?.includes('harm'), 'the level is shown');
  });

}

// Browser journeys: Area figures, caseloads, a team leader's view and supervision, a partner's part in a concern, intake while linking waits, and the Case Review threshold.
// They run in order on one page, each starting where the one before it left off.

export default async function journeys({ page, base, test, expect, axe, shots, signInAs }) {
  await test('dashboard with charts and the hotspot heat grid', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('.heat .cell').first().waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    // Bars drawn in both charts (victims supported, reports by month), not empty axes.
    await page.locator('.recharts-bar-rectangle path').nth(1).waitFor();
    expect((await page.locator('figure[aria-label="Reports by month"] .recharts-bar-rectangle path').count()) > 0, 'the months have bars');
    await page.getByText(/of \d+ victims on cases this year have an offer of support recorded/).waitFor();
    await page.getByText(/Figures counted at/).waitFor();
    await axe(page, 'dashboard');
    await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
  });

  await test('officer sees their caseload: figures, cases led, overdue items, supervision', async () => {
    await page.getByRole('link', { name: 'My caseload' }).click();
    await page.getByRole('heading', { name: 'My caseload and supervision' }).waitFor();
    await page.locator('.stat', { hasText: 'open cases led' }).waitFor();
    const led = Number(await page.locator('.stat', { hasText: 'open cases led' }).locator('span').first().textContent());
    expect(led >= 1, `open cases led shown (${led})`);
    await page.getByRole('region', { name: 'Cases I lead' }).getByRole('link', { name: /CASE-/ }).first().waitFor();
    await page.getByRole('heading', { name: 'Supervision records' }).waitFor();
    expect((await page.getByRole('heading', { name: 'Record a supervision session' }).count()) === 0, 'an officer does not record their own supervision here');
    await axe(page, 'caseload');
    await page.screenshot({ path: `${shots}/caseload.png`, fullPage: true });
  });

  await test("team leader sees the team's overdue risk reviews, the most overdue first, and opens the whole list", async () => {
    // The demo's assessments are recent, so a team's long list is given to the page here.
    const reviews = Array.from({ length: 12 }, (_, i) => ({
      assessmentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, personId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
      person: `Person ${i + 1}`, lens: 'harm_faced', level: 'medium', reviewDue: new Date(Date.now() - (40 - i) * 86_400_000).toISOString(),
      caseId: null, caseReference: null, leadOfficer: i % 2 ? 'Priya Shah' : 'Sam Okafor', daysOverdue: 40 - i,
    }));
    await page.route('**/api/v1/reviews/overdue', (route) => route.fulfill({ json: reviews }));
    try {
      await signInAs('leader@council.demo');
      await page.getByRole('link', { name: 'Home', exact: true }).click();
      const region = page.getByRole('region', { name: 'Overdue risk reviews' });
      await region.getByText('Person 1:', { exact: false }).first().waitFor();
      expect((await region.getByRole('listitem').count()) === 10, 'the ten most overdue show first');
      const first = (await region.getByRole('listitem').first().textContent()) ?? '';
      expect(/^Person 1: .*40 days overdue\s+\(Sam Okafor\)$/.test(first), `the most overdue first, with whose it is: ${first}`);
      await region.getByRole('button', { name: 'Show all 12 overdue reviews' }).click();
      await region.getByText('Person 12:', { exact: false }).waitFor();
      expect((await region.getByRole('listitem').count()) === 12, 'the whole list on request');
      await axe(page, 'home (team leader)');
    } finally {
      await page.unroute('**/api/v1/reviews/overdue');
    }
  });

  await test('team leader sees the team and records a supervision session', async () => {
    await page.getByRole('link', { name: 'My caseload' }).click();
    const team = page.getByRole('region', { name: 'My team' });
    await team.getByRole('link', { name: 'Priya Shah' }).click();
    await page.getByRole('heading', { name: 'Priya Shah: caseload and supervision' }).waitFor();
    const form = page.getByRole('region', { name: 'Record a supervision session' });
    await form.getByRole('checkbox', { name: /Elm Court/ }).check();
    await form.getByRole('radio', { name: '2: finding it hard' }).check();
    await form.getByRole('radio', { name: 'Not sure' }).check();
    await form.getByLabel('Support agreed (optional)').fill('Protected time on Friday afternoons for case notes');
    await form.getByLabel('Reflections (optional)').fill('Elm Court is weighing on Priya; we talked through the injunction and what is in her control.');
    await form.getByLabel('Action 1').fill('Book a reflective session with the psychologist');
    await axe(page, 'supervision form');
    await form.getByRole('button', { name: 'Record the session' }).click();
    await page.getByRole('status').filter({ hasText: 'Supervision with Priya Shah recorded' }).waitFor();
    const records = page.getByRole('region', { name: 'Supervision records' });
    await records.getByRole('heading', { name: /Reflective supervision/ }).waitFor();
    expect(/Wellbeing 2 of 5/.test((await records.textContent()) ?? ''), 'wellbeing recorded');
    await records.getByText('Book a reflective session with the psychologist', { exact: false }).waitFor();
    await axe(page, 'practitioner caseload (team leader)');
    await page.screenshot({ path: `${shots}/supervision.png`, fullPage: true });
  });

  await test('adult social care acknowledges the concern and records the outcome', async () => {
    await signInAs('social.worker@asc.demo');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('row', { name: /Elm Court/ }).getByRole('link').click();
    const panel = page.getByRole('region', { name: 'Safeguarding concerns' });
    const concern = panel.locator('.concern', { hasText: 'about Margaret Doyle' });
    await concern.getByRole('button', { name: 'Update the concern' }).click();
    await concern.getByRole('list', { name: 'Progress: Acknowledged' }).waitFor();
    await concern.getByLabel(/next step/).selectOption('outcome');
    await concern.getByLabel('Outcome').fill('Care Act assessment offered and accepted; carer visits twice a week.');
    await concern.getByRole('button', { name: 'Update the concern' }).click();
    await concern.getByRole('list', { name: 'Progress: Outcome recorded' }).waitFor();
    await concern.getByText('Care Act assessment offered and accepted').waitFor();
    await axe(page, 'case (concern outcome)');
  });

  await test('a report stored while its linking could not be done says it is recorded and that links and flags follow', async () => {
    await signInAs('officer@council.demo');
    // The answer intake gives when the database went away between storing the report and linking it
    // (the server side of this is tested in reports/followup.test.ts).
    const detail = 'Report ASB-2026-009999 is stored. Linking it to earlier reports and people, and its safeguarding checks, could not be done just now; they follow automatically, and you get a task if they find anything.';
    await page.route('**/api/v1/reports', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ id: '0193a000-0000-7000-8000-000000000001', reference: 'ASB-2026-009999', placeId: null, people: [], links: [], flags: [], flagDetails: {}, linking: 'to_follow', linkingDetail: detail }) })
        : route.continue(),
    );
    try {
      await page.getByRole('link', { name: 'Take a report' }).click();
      await page.getByLabel('What happened').fill('Shouting in the stairwell late at night, again.');
      await page.getByLabel('Where: address').fill('3 Weir Street');
      await page.getByLabel('Postcode').fill('M1 1AE');
      await page.getByRole('button', { name: 'Record report and look for links' }).click();
      await page.getByRole('heading', { name: 'Report ASB-2026-009999 recorded' }).waitFor();
      await page.getByRole('status').filter({ hasText: detail }).waitFor();
      await page.getByText('Flags follow with the linking.').waitFor();
      expect((await page.getByText('No earlier people or reports match.').count()) === 0, 'does not say nothing matches');
      expect((await page.getByText('No flags raised.').count()) === 0, 'does not say no flags were raised');
      await axe(page, 'intake result (linking to follow)');
    } finally {
      await page.unroute('**/api/v1/reports');
    }
  });
  await test('opens a case from a victim past the Case Review threshold, which takes them off the list', async () => {
    await page.getByRole('link', { name: 'Home' }).click();
    const past = page.getByRole('region', { name: 'Past the ASB Case Review threshold' });
    await past.getByRole('button', { name: 'Open a case: Zara Smith' }).click();
    await page.getByRole('heading', { name: /Repeated reports: Zara Smith/ }).waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: /Good to see you/ }).waitFor();
    await past.getByRole('listitem').first().waitFor();
    expect(!/Zara Smith/.test((await past.textContent()) ?? ''), 'a victim with an open case is no longer listed');
    await axe(page, 'home after opening a case from the threshold list');
  });
}

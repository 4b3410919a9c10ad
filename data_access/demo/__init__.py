"""Deterministic, realistic demo data (``python -m data_access seed-demo``), always labelled as demo.

Every generated row belongs to one ``import_batch`` with ``kind = source = "demo"`` and
``is_demo = True``; priorities carry ``is_demo = True``. Re-seeding deletes the previous demo
rows (in foreign-key order) and never touches other rows. The same ``seed`` and ``today`` give
the same data; each hromada draws from its own random stream (``[seed, hromada number, part]``),
so hromada 1 is identical at ``--scale 1`` and ``--scale 70``.

Span: from the Monday of the ISO week ``weeks`` (default 156) weeks before the week of ``today``
through yesterday (Europe/Kyiv). Hromada 1 is the real hromada from ``assets/hromadas`` (Bucha);
hromadas 2..N are synthetic (``DEMO-0002`` "Демо-громада 2", 5–15 settlements, 5k–150k people,
somewhere in Ukraine's bounding box). Settlements without a population count as 500 people.

What the data shows (tests and humans may rely on it):

* Volume: ~100 registered criminal offences per 10,000 residents a year plus ~75 administrative
  offences (domestic violence 173-2, petty hooliganism 173/178, drunk driving 130, petty theft 51,
  traffic 124, ...), i.e. ≈ 3.4 incidents per 10,000 residents a week in total. Theft is the
  largest category; most thefts are art. 185 part 4 (martial law). Settlements get incidents in
  proportion to population (± a fixed 20 % per-settlement variation).
* Seasonality: theft, burglary, vehicle theft, damage, hooliganism and public-order offences peak
  in July (±25 %); domestic violence rises ×1.6 around public holidays (New Year, Christmas,
  8 March, Easter, Independence Day) and on weekends; drunk driving on weekend nights; traffic at
  rush hours (7–9, 17–19); most street offences in the evening; fraud in office hours.
* Reporting delay: ~72 % reported within hours, ~20 % within a week, ~8 % weeks later
  (fraud is reported later more often).
* Hot spots (Bucha): ~30 % of street offences (theft, robbery, hooliganism, public order, drugs,
  damage, vehicle theft) in the city of Bucha fall within ~250 m (σ = 110 m) of
  1. Bucha railway station, 50.54889 N 30.22139 E (Wikipedia coordinates of «Станція Буча»);
  2. the city-centre shopping area, 50.5530 N 30.2135 E (illustrative point);
  3. the city park, 50.5455 N 30.2040 E (illustrative point);
  and 4. unlit streets in Vorzel, 50.5410 N 30.1490 E (illustrative point, σ = 200 m) — see the
  lighting change below. Synthetic hromadas get three hot spots 0.5–1.5 km from their largest
  settlement. ~12 % of incidents have no coordinates (70 % of fraud, half of corruption, 5 % of the
  rest). Other points scatter around the settlement centre (σ 0.4–1.3 km by size). Incidents
  and activities in a settlement whose coordinates the assets do not give have no point at all
  (no village is placed where it is not known to be), so the overall share without coordinates
  is higher while assets lack village coordinates.
* Trend change 1 — fraud: +40 % from ``FRAUD_RISE`` = the first day of the month 10 months
  before ``today`` (a three-week ramp), on top of a slow +8 %/year growth.
* Trend change 2 — lighting: in Vorzel (synthetic hromadas: the second largest settlement)
  evening and night (19:00–02:59) theft, burglary, robbery, property damage and hooliganism run
  at 2.5× the hromada rate until street lighting is installed (a ``lighting`` activity at the
  Vorzel hot spot, dated ``LIGHTING_DATE`` = the Monday 60 weeks before the current week, tied
  to the lighting priority), then at 1.0× (≈ −60 %). Before that date residents of Vorzel
  write repeatedly about street lighting (the topic+settlement cluster the request page shows).
  CCTV installed at Bucha railway station 40 weeks before the current week has NO effect — the
  honest "did it help? no clear change" example.
* War: explosive objects found decline from ~10 towards a floor of ~4 per 10,000 a year (spring peak);
  occupation crimes (art. 438, recorded at registration time) decline from ~5 to ~1 per 10,000
  a year; looting and collaboration are rare.
* Requests: ~150 per 10,000 residents a year (Bucha ≈ 14 a week), 92 % answered on time,
  ~8 % late, ~6 % of those received in the last 120 days still open after their due date,
  12 % forwarded to a partner, 4 % extended (≤ 45 days), 5 % collective, recurring
  topic+settlement clusters within 60 days.
* Survey: a wave every 26 weeks (six over three years), 420–680 respondents in Bucha, weights
  0.4–2.5 (mean 1) correcting an older, more female sample; 5–12 % "don't know"; trust in police
  and feeling safe rise modestly each wave, trust in courts stays low, awareness of the programme
  rises from ~15 % to ~45 %; feeling safe after dark in Vorzel rises after the lighting.
* Partners: 24 institutions for Bucha (institutional names only); priorities: five, with
  indicators; activities: ~5 a week per 50,000 residents with 1–4 partners each.

Modules: ``seeding`` (seed_demo, delete_demo, demo_summary: the order of the parts and their
random streams), ``frame`` (constants, reference lists, the time frame, random, time and insert
helpers), ``hromadas`` (real and synthetic places, hot spots), ``incident_rates`` and
``incidents``, ``resident_requests``, ``survey``, ``partners`` (partners and activities),
``priorities``, ``writer`` (where the rows go: on PostgreSQL drawn in a worker process a hromada ahead of
the COPY that stores them) and ``bulk_load`` (PostgreSQL: indexes and foreign keys built once at the end).
"""

from __future__ import annotations

from data_access.demo.frame import DEFAULT_WEEKS
from data_access.demo.hromadas import BUCHA_CITY, BUCHA_CODE, BUCHA_HOTSPOTS, VORZEL
from data_access.demo.seeding import delete_demo, demo_summary, seed_demo

__all__ = ["BUCHA_CITY", "BUCHA_CODE", "BUCHA_HOTSPOTS", "DEFAULT_WEEKS", "VORZEL", "delete_demo", "demo_summary",
           "seed_demo"]

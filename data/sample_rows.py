# source
#   Every figure, date, place and coordinate below is taken from the project's sourced fact
#   sheet (shared reference `facts.md`, sections A-F), which cites public news reports and
#   official statements; each row carries those citations in its ``source`` field (several
#   URLs separated by " ; "). Coordinates: "Wikipedia" = infobox coordinate of the English
#   article; "GeoNames" = GeoNames cities1000 (CC BY 4.0). Where facts.md says UNCONFIRMED, the
#   value is left blank and marked so; nothing is estimated here that the sources do not give.
"""The rows of the bundled sample briefing (data/udcg_briefing_sample.xlsx), as Python literals.

Dates are ISO strings: a full ``YYYY-MM-DD`` becomes a real date cell, anything else (``until
2024-06-25``) stays text. Amounts are numbers in the currency announced, ``None`` when not given.
"""
from __future__ import annotations

# --------------------------------------------------------------------------------------------
# Pledges. Keys: id, donor, date, aid, cat, item, qty, unit, amount, cur, est, status,
# coalition, occasion, source, notes.
# --------------------------------------------------------------------------------------------

_US_TAG = "https://kyivindependent.com/tag/pentagon/page/2"

PLEDGES: list[dict] = [
    # ---- Section B: US packages, 2024 (plus the 2024-09-06 package announced at UDCG 24) ----
    dict(id="US-2024-03-12-PDA", donor="United States", date="2024-03-12", aid="Military",
         cat="Artillery & ammunition", item="Mainly munitions: 155 mm shells and HIMARS rockets, "
         "plus some vehicles", amount=300e6, cur="USD", est="Y", coalition="Artillery",
         occasion="PDA (funded by contract cost savings)",
         source="https://eir.news/2024/03/news/us-scrapes-up-300-million-for-another-arms-package-for-ukraine/ ; "
                "https://www.knau.org/npr-news/2024-03-12/pentagon-to-give-ukraine-300-million-in-weapons ; "
                + _US_TAG,
         notes="About $300M. First US package since December 2023 (none in January-February "
               "2024). Sullivan called it a one-off stop-gap."),
    dict(id="US-2024-04-24-PDA", donor="United States", date="2024-04-24", aid="Military",
         cat="Mixed package",
         item="RIM-7 and AIM-9M missiles; Stinger; HIMARS ammo; 155 mm (incl. DPICM) and 105 mm "
              "rounds; 60 mm mortar rounds; TOW; Javelin and AT-4; Bradley, MRAP and HMMWV "
              "vehicles plus logistics and towing vehicles; precision aerial munitions; airfield "
              "support gear; anti-armour and Claymore mines; obstacle-clearing munitions; "
              "night-vision devices; small arms and .50-cal counter-drone ammo; spares",
         amount=1e9, cur="USD", est="N", occasion="PDA (56th tranche)",
         source="https://www.pravda.com.ua/eng/news/2024/04/24/7452800/ ; "
                "https://news.online.ua/en/us-starts-sending-weapons-from-a-new-military-aid-package-877342",
         notes="First package after the supplemental. Item quantities not published in the "
               "sources found (UNCONFIRMED)."),
    dict(id="US-2024-04-26-USAI", donor="United States", date="2024-04-26", aid="Military",
         cat="Mixed package",
         item="Patriot and NASAMS interceptors; equipment to integrate Western air-defence "
              "launchers, missiles and radars; counter-drone systems; artillery ammunition; "
              "air-to-ground munitions; maintenance and sustainment",
         amount=6e9, cur="USD", est="N", occasion="USAI; announced at UDCG 21",
         source="http://www.ctlopez.com/story/?story=20240426_8354&h=2Year-Anniversary-of-Ukraine-Defense-Contact-Group-Comes-With-Billions-in-New-Aid ; "
                "https://www.stripes.com/theaters/us/2024-04-26/ukraine-military-aid-patriots-russia-war-austin-13669265.html",
         notes="USAI: procured on contract, so delivery follows over time. The largest US "
               "package to that date."),
    dict(id="US-2024-05-10-PDA", donor="United States", date="2024-05-10", aid="Military",
         cat="Mixed package",
         item="Patriot munitions (also NASAMS munitions per Reuters); Stinger; more HIMARS "
              "systems and ammo; 155/105 mm rounds; Javelin (AT-4 per Austin at UDCG 22); "
              "Bradley; M113; MRAP; patrol boats; small arms ammo, grenades, demolitions",
         amount=400e6, cur="USD", est="N", occasion="PDA",
         source="https://wdctv.news/us-announces-400-million-military-aid-package-for-ukraine/ ; "
                "https://exbulletin.com/world/international/2694391/ ; "
                "https://www.lbcgroup.tv/news/world-news/771431/us-to-announce-new-400-million-military-aid-package-for-ukraine/en ; "
                "https://euromaidanpress.com/2024/05/20/us-defense-secretary-allies-pledge-ukraine-95-bn-worth-of-weapons-since-beginning-of-the-war/",
         notes="Announced on the first day of the Kharkiv offensive; cited by Austin at UDCG 22."),
    dict(id="US-2024-05-15-FMF", donor="United States", date="2024-05-15", aid="Military",
         cat="Funding & procurement",
         item="Defense enterprise fund: weapons now, investment in Ukraine's defence industry, "
              "purchases from third countries",
         amount=2e9, cur="USD", est="N", occasion="FMF (defense enterprise fund)",
         source="https://kyivindependent.com/blinken-us-to-give-ukraine-additional-2-billion-in-military-aid ; "
                "https://bdnews24.com/world/dc81472a9f12",
         notes="Foreign Military Financing, not PDA or USAI: $1.6B from the supplemental plus "
               "$400M of existing FMF. Announced by Blinken."),
    dict(id="US-2024-05-24-PDA", donor="United States", date="2024-05-24", aid="Military",
         cat="Mixed package",
         item="HIMARS ammo; 155/105 mm rounds; Javelin and AT-4; anti-armour mines; tactical "
              "vehicles; small arms and ammo; CBRN protective gear",
         amount=275e6, cur="USD", est="N", occasion="PDA",
         source="https://kvia.com/news/ap-national/2024/05/24/us-announces-275m-in-new-military-assistance-for-ukraine/ ; "
                "https://tass.com/world/1793295/amp",
         notes="Blinken: to help repel the assault near Kharkiv."),
    dict(id="US-2024-06-07-PDA", donor="United States", date="2024-06-07", aid="Military",
         cat="Mixed package",
         item="HAWK air defence; 155 mm howitzers; 81 mm mortars; artillery rounds; HIMARS ammo; "
              "Stinger; Javelin and AT-4; armoured vehicles; patrol boats",
         amount=225e6, cur="USD", est="N", occasion="PDA",
         source="https://kyivindependent.com/biden-aid-package-ukraine ; "
                "https://tvpworld.com/77958796/biden-announces-new-225-million-military-aid-package-for-ukraine",
         notes="PDA per the DoD list; Biden also linked part of it to the power grid."),
    dict(id="US-2024-07-03-PDA", donor="United States", date="2024-07-03", aid="Military",
         cat="Mixed package",
         item="HAWK missiles; HIMARS ammo; 155/105 mm rounds; 81 mm mortar rounds; tactical "
              "vehicles; Javelin",
         amount=150e6, cur="USD", est="N", occasion="PDA",
         source="https://kyivindependent.com/us-announces-new-defense-aid-package/ ; "
                "https://www.pravda.com.ua/eng/news/2024/06/29/7463183/",
         notes="Reuters had expected it on July 1, and one outlet dates it June 28."),
    dict(id="US-2024-07-03-USAI", donor="United States", date="2024-07-03", aid="Military",
         cat="Air defence",
         item="Patriot and NASAMS interceptors; FMS deliveries to other countries resequenced to "
              "speed delivery",
         amount=2.2e9, cur="USD", est="Y", coalition="Integrated Air & Missile Defence",
         occasion="USAI",
         source="https://www.pravda.com.ua/eng/news/2024/07/3/7463956/",
         notes="About $2.2B."),
    dict(id="US-2024-07-11-PDA", donor="United States", date="2024-07-11", aid="Military",
         cat="Mixed package",
         item="Includes a Patriot battery (the second US-provided); other contents not listed in "
              "the fact sheet",
         amount=225e6, cur="USD", est="N", occasion="PDA (NATO summit week)",
         source="https://keyt.com/news/2024/07/11/biden-announces-225-million-weapons-package-for-ukraine-including-patriot-system/ ; "
                "https://www.pravda.com.ua/eng/news/2024/07/11/7465241/",
         notes="The US Patriot battery named in the 2024-07-10 joint air-defence declaration "
               "(see IT-2024-07-10)."),
    dict(id="US-2024-07-29-PDA", donor="United States", date="2024-07-29", aid="Military",
         cat="Mixed package",
         item="Air-defence interceptors, rocket and artillery munitions, anti-tank weapons",
         amount=200e6, cur="USD", est="N", occasion="PDA (62nd drawdown)",
         source="https://www.anews.com.tr/world/2024/07/29/us-announces-17b-in-security-aid-for-ukraine ; "
                "https://euromaidanpress.com/2024/07/29/us-announces-1-7-billion-security-package-for-ukraine",
         notes="Announced together with US-2024-07-29-USAI ($1.7B in all)."),
    dict(id="US-2024-07-29-USAI", donor="United States", date="2024-07-29", aid="Military",
         cat="Mixed package",
         item="Air defence, fires, anti-tank, and sustainment of earlier-provided equipment",
         amount=1.5e9, cur="USD", est="Y", occasion="USAI (20th tranche)",
         source="https://www.anews.com.tr/world/2024/07/29/us-announces-17b-in-security-aid-for-ukraine ; "
                "https://euromaidanpress.com/2024/07/29/us-announces-1-7-billion-security-package-for-ukraine",
         notes="About $1.5B (the $1.7B total less the $200M PDA)."),
    dict(id="US-2024-09-06-PDA", donor="United States", date="2024-09-06", aid="Military",
         cat="Mixed package", item="Contents not itemised in the sources used",
         amount=250e6, cur="USD", est="N", occasion="UDCG 24",
         source="https://euromaidanpress.com/2024/09/06/us-announces-250-million-military-aid-package-for-ukraine/",
         notes="Announced by Austin at the 24th UDCG; category assumed mixed (contents not given)."),

    # ---- Section A: pledge reported at UDCG 20 ----
    dict(id="DE-2024-03-19", donor="Germany", date="2024-03-19", aid="Military",
         cat="Mixed package",
         item="10,000 artillery rounds, 100 infantry vehicles and transport equipment",
         amount=500e6, cur="EUR", est="N", occasion="UDCG 20",
         source="https://www.pravda.com.ua/eng/news/2024/03/15/7446573/ ; "
                "https://defence.m5dergi.com/one-cikan/germany-poland-to-lead-new-armored-coalition-for-ukraine/ ; "
                "https://censor.net/en/news/3479532/88_billion_raised_in_two_years_by_ramstein_countries_to_support_ukraine_austin",
         notes="'Worth EUR 500 million (as reported)'. Quantities are of different items, so the "
               "Quantity column is left blank."),

    # ---- Section C: other donors, April-July 2024, in the currency announced ----
    dict(id="DE-2024-04-13", donor="Germany", date="2024-04-13", aid="Military",
         cat="Air defence",
         item="Patriot system (the third from Germany, from Bundeswehr stocks, for immediate "
              "transfer) plus missiles for Ukraine's existing air-defence systems",
         qty=1, unit="Patriot system", coalition="Integrated Air & Missile Defence",
         occasion="Bilateral (German government announcement)",
         source="https://www.pravda.com.ua/eng/news/2024/04/13/7451122/ ; "
                "https://babel.ua/en/news/106033-germany-will-give-ukraine-another-patriot-and-missiles-for-existing-air-defense-systems",
         notes="Value not given. On 2024-06-11 Scholz said it would arrive within weeks or months."),
    dict(id="CZ-INIT-2024-04-16", donor="Czech ammunition initiative (about 20 countries)",
         date="2024-04-16", aid="Military", cat="Artillery & ammunition",
         item="Artillery shells bought through the Czech-led initiative",
         qty=500000, unit="shells (funding committed)",
         occasion="Czech ammunition initiative",
         source="https://1lurer.am/en/2024/04/17/20-countries-to-buy-half-million-shells-for-Ukraine-Prime-Minister-of-Czech-Republic/1110876 ; "
                "https://babel.ua/en/news/108509-the-czech-republic-has-already-supplied-ukraine-with-50-000-shells-as-part-of-its-initiative ; "
                "https://www.thenewstip.com/first-ammunition-shipment-from-czech-initiative-arrived-in-ukraine/",
         notes="About 20 countries had committed enough for 500,000 shells; 180,000 contracted in "
               "mid-April. Reuters: about EUR 1.7B paid or committed by 15 donors; only Germany, "
               "NL, DK, PT and CA had paid by end-May. Amount left blank: it is a multi-donor "
               "pool, partly paid from national packages listed in other rows."),
    dict(id="UK-2024-04-23", donor="United Kingdom", date="2024-04-23", aid="Military",
         cat="Mixed package",
         item="60 boats; 400+ vehicles (160 Husky, 162 armoured, 78 all-terrain); 1,600+ strike "
              "and air-defence missiles incl. more Storm Shadow; ~4M small-arms rounds",
         amount=500e6, cur="GBP", est="N", occasion="PM Sunak's visit to Poland",
         source="https://en.interfax.com.ua/news/general/982307.html ; "
                "https://kyivindependent.com/pm-sunak-to-announce-largest-ever-military-aid-package-to-ukraine-during-visit-to-poland/",
         notes="GBP 500M extra, taking the UK total to GBP 3bn for the year; called the UK's "
               "largest single equipment package."),
    dict(id="CA-2024-05-10", donor="Canada", date="2024-05-10", aid="Military",
         cat="Air defence",
         item="Contribution to Germany's Immediate Action on Air Defence (IAAD) initiative",
         amount=76e6, cur="CAD", est="N", coalition="Integrated Air & Missile Defence",
         occasion="Germany's IAAD initiative",
         source="https://en.interfax.com.ua/news/general/986018.html ; "
                "https://unn.ua/en/news/canada-to-provide-more-than-dollar56-million-for-germanys-initiative-to-find-air-defense-systems-for-ukraine",
         notes="CAD 76M; a Ukrainian outlet gives '$56M'."),
    dict(id="DK-2024-05-16", donor="Denmark", date="2024-05-16", aid="Military",
         cat="Mixed package",
         item="DKK 2.4bn for air defence; artillery, shells, anti-tank mines; support for the "
              "F-16 transfer; purchases from Ukrainian industry",
         amount=5.6e9, cur="DKK", est="N", occasion="18th Danish package",
         source="https://unn.ua/en/news/denmark-announces-aid-package-for-ukraine-half-of-which-is-for-air-defense",
         notes="DKK 5.6bn (about EUR 750M)."),
    dict(id="ES-2024-05-27", donor="Spain", date="2024-05-27", aid="Military",
         cat="Mixed package",
         item="Patriot missiles; Leopard 2A4 tanks (19 per El Pais); ammunition",
         amount=1e9, cur="EUR", est="N", occasion="Bilateral security agreement",
         source="https://rferl.org/amp/spain-zelenskiy-felipe-sanchez-patriot/32965435.html ; "
                "https://spanish.news-pravda.com/world/2024/05/27/186272.html",
         notes="EUR 1bn for 2024 (El Pais: EUR 1.129bn); EUR 5bn to 2027 via the EPF fund (not "
               "included here). 10-year security pact."),
    dict(id="BE-2024-05-28", donor="Belgium", date="2024-05-28", aid="Military",
         cat="Mixed package", item="Military aid in 2024 under the 10-year security pact",
         amount=977e6, cur="EUR", est="N", occasion="Bilateral security agreement",
         source="https://kyivindependent.com/ukraine-belgium-sign-long-term-security-deal/ ; "
                "https://www.politico.eu/article/belgium-supplies-ukraine-with-e977-million-in-military-aid/",
         notes="At least EUR 977M in 2024 (a floor, not an estimate). Whether it includes the "
               "F-16s (BE-2024-05-28-F16) is not stated."),
    dict(id="BE-2024-05-28-F16", donor="Belgium", date="2024-05-28", aid="Military",
         cat="Air force", item="F-16 fighter aircraft", qty=30, unit="aircraft",
         coalition="Air Force", occasion="Bilateral security agreement",
         source="https://kyivindependent.com/ukraine-belgium-sign-long-term-security-deal/ ; "
                "https://www.politico.eu/article/belgium-supplies-ukraine-with-e977-million-in-military-aid/",
         notes="30 F-16s by 2028, the first expected in 2024. Value not given."),
    dict(id="PT-2024-05-28", donor="Portugal", date="2024-05-28", aid="Military",
         cat="Mixed package",
         item="Support through the F-16 and maritime coalitions; ammunition procurement; demining",
         amount=126e6, cur="EUR", est="N", occasion="Bilateral security agreement",
         source="https://en.interfax.com.ua/news/general/989788.html ; "
                "https://kyivindependent.com/zelensky-arrives-in-portugal-to-sign-bilateral-security-deal/",
         notes="At least EUR 126M in 2024; 10-year pact. Spans several coalitions, so none is set."),
    dict(id="NL-2024-05-28", donor="Netherlands", date="2024-05-28", aid="Military",
         cat="Air defence",
         item="Core Patriot components from Dutch stocks, to assemble a full system with partners",
         coalition="Integrated Air & Missile Defence", occasion="Bilateral",
         source="https://en.interfax.com.ua/news/general/989693.html ; "
                "https://euromaidanpress.com/2024/06/22/netherlands-to-provide-patriot-air-defense-system-to-ukraine-amid-russian-kharkiv-offensive/",
         notes="Value not given. On 2024-06-21 Ollongren said the parts had been found, with one "
               "unnamed partner country."),
    dict(id="SE-2024-05-29", donor="Sweden", date="2024-05-29", aid="Military",
         cat="Mixed package",
         item="ASC 890 airborne surveillance and control aircraft (number UNCONFIRMED); Rb 99/AMRAAM "
              "missiles; artillery ammunition; its entire stock of Pbv 302 APCs",
         amount=13.3e9, cur="SEK", est="N", occasion="16th Swedish package",
         source="https://english.almayadeen.net/news/politics/sweden-pledges--1-25bln-in-military-aid-to-ukraine ; "
                "https://defence.m5dergi.com/one-cikan/sweden-pledges-1-3b-military-aid-package-to-ukraine/",
         notes="SEK 13.3bn (about $1.25bn), Sweden's largest package."),
    dict(id="DE-2024-05-30", donor="Germany", date="2024-05-30", aid="Military",
         cat="Mixed package",
         item="IRIS-T SLM and SLS missiles; recon and Black Sea drones; spare barrels; Leopard "
              "engines; Marder IFVs; 1M small-arms rounds; 18 wheeled howitzers from 2025; repair "
              "of 19 Spanish Leopard 2A4s",
         amount=500e6, cur="EUR", est="Y", occasion="Defence minister's visit to Odesa",
         source="https://prologuejournal.com/?p=532388 ; "
                "https://theeuropetoday.com/2024/05/31/german-defence-minister-announces-e500-million-arms-support-package-for-ukraine-during-odesa-visit/",
         notes="About EUR 500M."),
    dict(id="FR-2024-06-06-MIRAGE", donor="France", date="2024-06-06", aid="Military",
         cat="Air force", item="Mirage 2000-5 jets (number not given) and pilot training in France",
         occasion="Bilateral (presidential announcement)",
         source="https://www.pravda.com.ua/eng/news/2024/06/6/7459587/",
         notes="Announced 2024-06-06/07. Value and number of aircraft not given."),
    dict(id="FR-2024-06-06-BRIGADE", donor="France", date="2024-06-06", aid="Military",
         cat="Training", item="Training for a Ukrainian brigade", qty=4500, unit="soldiers",
         occasion="Bilateral (presidential announcement)",
         source="https://www.pravda.com.ua/eng/news/2024/06/6/7459587/",
         notes="Announced 2024-06-06/07; a 4,500-strong brigade. Value not given."),
    dict(id="DE-2024-06-11", donor="Germany", date="2024-06-11", aid="Military",
         cat="Air defence", item="Patriot interceptors (with Denmark, Netherlands, Norway)",
         qty=100, unit="interceptors", coalition="Integrated Air & Missile Defence",
         occasion="Germany with Denmark, Netherlands and Norway",
         source="https://censor.net/en/news/3494119/ukraine_will_receive_dozens_of_interceptors_for_patriot_sams ; "
                "https://kyivindependent.com/zelensky-inspects-patriot-battery/",
         notes="32 of the 100 had already been delivered (see Deliveries D-02). Shared between "
               "four donors; recorded under Germany, which announced it."),
    dict(id="CA-2024-06-14", donor="Canada", date="2024-06-14", aid="Military", cat="Drones",
         item="Canadian-built drones", qty=900, unit="drones", coalition="Drones",
         occasion="Bilateral (defence minister Blair)",
         source="https://www.cornwallseawaynews.com/ontario-news/defence-minister-bill-blair-says-more-help-coming-for-ukraine-latvia/",
         notes="Value not given."),
    dict(id="DK-2024-06-19", donor="Denmark", date="2024-06-19", aid="Military", cat="Air force",
         item="More F-16 support equipment; a model for donations made through Ukrainian industry",
         coalition="Air Force", occasion="19th Danish package",
         source="https://euromaidanpress.com/2024/06/19/denmark-unveils-19th-military-aid-package-for-ukraine-including-f-16s/",
         notes="Value not given."),
    dict(id="RO-2024-06-20", donor="Romania", date="2024-06-20", aid="Military",
         cat="Air defence", item="Patriot system", qty=1, unit="Patriot system",
         coalition="Integrated Air & Missile Defence", occasion="Supreme Defence Council decision",
         source="https://www.romania-insider.com/romania-sends-patriot-ukraine-decision-june-2024",
         notes="Conditional on Romania obtaining a replacement. Value not given."),
    dict(id="IT-2024-07-10", donor="Italy", date="2024-07-10", aid="Military",
         cat="Air defence", item="SAMP/T air-defence system (additional)", qty=1, unit="system",
         coalition="Integrated Air & Missile Defence",
         occasion="NATO summit (joint air-defence declaration)",
         source="https://www.romania-insider.com/us-romania-allies-additional-strategic-air-defense-systems-ukraine-2024",
         notes="Joint declaration of the US, Germany, Romania, Netherlands and Italy: five "
               "strategic air-defence systems. The other four (Patriot batteries from the US, "
               "Germany and Romania, Patriot components from the Netherlands and others) restate "
               "rows US-2024-07-11-PDA, DE-2024-04-13, RO-2024-06-20 and NL-2024-05-28, so only "
               "Italy's SAMP/T has a row of its own. Dozens of tactical systems (NASAMS, HAWK, "
               "IRIS-T SLM/SLS, Gepard) to follow, not itemised."),
    dict(id="CA-2024-07-11", donor="Canada", date="2024-07-11", aid="Military",
         cat="Mixed package", item="Military aid under NATO's long-term pledge",
         amount=500e6, cur="CAD", est="N", occasion="NATO long-term pledge",
         source="https://www.pravda.com.ua/eng/news/2024/07/11/7465109/",
         notes="Contents not itemised in the sources used."),
    dict(id="CA-2024-07-12-F16", donor="Canada", date="2024-07-12", aid="Military",
         cat="Training", item="F-16 training through the Air Force Capability Coalition",
         amount=389e6, cur="CAD", est="N", coalition="Air Force",
         occasion="Air Force Capability Coalition",
         source="https://babel.ua/en/news/108938-canada-allocates-285-million-to-train-ukrainian-f-16-pilots",
         notes="CAD 389M (the source's headline gives USD 285M)."),
]

# --------------------------------------------------------------------------------------------
# Deliveries: only what facts.md states as delivered. Keys: id, pledge, donor, date, item, qty,
# amount, cur, dest, lat, lon, source, notes.
# --------------------------------------------------------------------------------------------

DELIVERIES: list[dict] = [
    dict(id="D-01", pledge="CZ-INIT-2024-04-16",
         donor="Czech ammunition initiative (about 20 countries)", date="until 2024-06-25",
         item="Artillery shells (first batch)", qty=50000, dest="Ukraine",
         source="https://babel.ua/en/news/108509-the-czech-republic-has-already-supplied-ukraine-with-50-000-shells-as-part-of-its-initiative ; "
                "https://www.thenewstip.com/first-ammunition-shipment-from-czech-initiative-arrived-in-ukraine/",
         notes="Fiala said on 2024-06-25 that the first batch had arrived; it was later put at "
               "about 50,000 rounds (approximate). Value not given."),
    dict(id="D-02", pledge="DE-2024-06-11", donor="Germany", date="until 2024-06-11",
         item="Patriot interceptors", qty=32, dest="Ukraine",
         source="https://censor.net/en/news/3494119/ukraine_will_receive_dozens_of_interceptors_for_patriot_sams",
         notes="32 of the 100 interceptors had already been delivered when the pledge was "
               "announced. Value not given."),
    dict(id="D-03", pledge="US-2024-04-24-PDA", donor="United States", date="until 2024-05-20",
         item="155 mm rounds, HIMARS ammunition, air-defence and anti-armour systems",
         dest="Ukraine",
         source="https://uamission.com/opening-remarks-by-secretary-of-defense-lloyd-j-austin-iii-at-the-22nd-ukraine-defense-contact-group-as-delivered ; "
                "https://news.online.ua/en/us-starts-sending-weapons-from-a-new-military-aid-package-877342",
         notes="Cited by Austin at the 22nd UDCG as delivered from the $1B drawdown after the "
               "supplemental. Quantities and value not given."),
]

# --------------------------------------------------------------------------------------------
# Events. Keys: id, date, end, type, place, lat, lon, csrc, desc, fatal, source.
# ``type`` is the app's vocabulary; a qualifier such as "(claimed)" stays in the description.
# --------------------------------------------------------------------------------------------

MEETINGS: list[dict] = [
    dict(id="UDCG-18", date="2024-01-23", type="meeting", place="Virtual",
         desc="18th UDCG (virtual), hosted by Austin, his first meeting after his "
              "hospitalisation. Austin asked members for more ground-based air defence and "
              "interceptors. Afterwards ASD Celeste Wallander said Germany would lead a new armour "
              "coalition and Latvia a drone coalition; the US co-leads the air-force coalition "
              "(with Denmark and the Netherlands) and the artillery coalition (with France). "
              "Sweden said it was joining the drone coalition.",
         source="https://censor.net/en/news/3469351/pentagon_chief_austin_opens_18th_meeting_in_ramstein_format ; "
                "https://m.censor.net/en/news/3469486/germany_will_become_leader_of_armored_vehicle_coalition_latvia_will_lead_drone_coalition_pentagon ; "
                "https://babel.ua/en/news/103210-sweden-and-great-britain-joined-the-drone-coalition-in-support-of-ukraine"),
    dict(id="UDCG-19", date="2024-02-14", type="meeting",
         place="NATO HQ, Brussels (hybrid)",
         desc="19th UDCG, hybrid: in person at NATO HQ, online for others; Austin (US) joined "
              "online, discharged from hospital the day before. Syrskyi's first UDCG as "
              "commander-in-chief; Umerov and Budanov also took part. The air-defence coalition "
              "(Germany and France; Umerov also named the US) formally began work with 15 "
              "members. The drone coalition (Latvia and the UK) was launched. About 20 countries "
              "signed the demining declaration (Lithuania and Iceland lead). The 10 IT-coalition "
              "members signed a cooperation agreement.",
         source="https://unn.ua/en/news/ramstein-19-pentagon-secretary-austin-opens-meeting-of-the-contact-group-on-ukraines-defense ; "
                "https://civil.ge/archives/582492 ; "
                "https://pravda.com.ua/eng/news/2024/02/14/7441862 ; "
                "https://kyivindependent.com/germany-france-agree-on-air-defense-coalition-in-support-of-ukraine"),
    dict(id="UDCG-20", date="2024-03-19", type="meeting",
         place="Ramstein Air Base, Germany",
         desc="20th UDCG, in person, hosted by Austin and Gen. CQ Brown. Austin said the group "
              "had generated more than $88 billion in security-assistance commitments. He "
              "chaired the first meeting of the capability-coalition leadership group (the eight "
              "coalitions). Germany pledged 10,000 artillery rounds, 100 infantry vehicles and "
              "transport equipment worth EUR 500 million (as reported; row DE-2024-03-19).",
         source="https://censor.net/en/news/3479532/88_billion_raised_in_two_years_by_ramstein_countries_to_support_ukraine_austin ; "
                "https://www.pravda.com.ua/eng/news/2024/03/15/7446573/ ; "
                "https://defence.m5dergi.com/one-cikan/germany-poland-to-lead-new-armored-coalition-for-ukraine/"),
    dict(id="UDCG-21", date="2024-04-26", type="meeting",
         place="Virtual (hosted from the Pentagon)",
         desc="21st UDCG, the group's 2nd anniversary, hosted by Austin. Zelensky addressed it "
              "and asked for at least 7 Patriot systems; Syrskyi also took part. Austin "
              "announced $6 billion under USAI, the largest US package to that date "
              "(row US-2024-04-26-USAI).",
         source="https://dev.americandefensenews.com/2024/04/25/u-s-led-ukraine-coalition-to-meet-amid-renewed-momentum/ ; "
                "https://www.arkansasonline.com/news/2024/apr/27/6b-in-ukraine-aid-adds-patriot-missiles/ ; "
                "https://newsreadonline.com/la-situazione-sul-campo-di-battaglia-e-complessa-e-in-aumento-syrsky-allincontro-di-ramstein"),
    dict(id="UDCG-22", date="2024-05-20", type="meeting",
         place="Virtual (from the Pentagon)",
         desc="22nd UDCG, hosted by Austin and Gen. CQ Brown; nearly 50 nations took part and "
              "Umerov and his team were welcomed. Austin said Russia was trying to carve out a "
              "buffer zone in Kharkiv, with air defence high on the agenda. He cited US "
              "deliveries of 155 mm rounds, HIMARS ammunition, air-defence and anti-armour "
              "systems from the $1 billion drawdown after the supplemental, and the $400 million "
              "package (NASAMS and Patriot munitions, more HIMARS, Stinger, Javelin, AT-4); the "
              "group's commitments exceed $95 billion since February 2022. Syrskyi's attendance: "
              "UNCONFIRMED.",
         source="https://ukrinform.net/amp/rubric-ato/3865292-ukraine-defense-contact-group-to-meet-on-may-20-pentagon.html ; "
                "https://uamission.com/opening-remarks-by-secretary-of-defense-lloyd-j-austin-iii-at-the-22nd-ukraine-defense-contact-group-as-delivered ; "
                "https://euromaidanpress.com/2024/05/20/us-defense-secretary-allies-pledge-ukraine-95-bn-worth-of-weapons-since-beginning-of-the-war/ ; "
                "https://en.interfax.com.ua/news/general/988043.html"),
    dict(id="UDCG-23", date="2024-06-13", type="meeting",
         place="NATO HQ, Brussels",
         desc="23rd UDCG, in person alongside the NATO defence ministerial, hosted by Austin and "
              "Gen. CQ Brown. Argentina (Minister Luis Petri) joined as a new member. The focus "
              "was air defence and the drone coalition. A Lithuanian report of Austin's opening "
              "remarks gives more than $98 billion committed since February 2022.",
         source="https://unn.ua/en/news/argentina-joins-the-ramstein-format-austin ; "
                "https://www.anews.com.tr/world/2024/06/11/us-defense-chief-to-host-ukraine-meeting-in-brussels ; "
                "https://euromaidanpress.com/2024/06/13/ukraine-defense-contact-group-to-discuss-strengthening-air-defense-and-drone-coalition-in-brussels-says-lloyd-austin/ ; "
                "https://www.naujienugidas.lt/austinas-ramsteino-grupes-nariai-skyre-98-mlrd-doleriu-saugumo-pagalbos-ukrainai-37601.html"),
    dict(id="UDCG-24", date="2024-09-06", type="meeting",
         place="Ramstein Air Base, Germany",
         desc="24th UDCG, in person, hosted by Austin and Gen. Brown. Zelensky attended in "
              "person. Austin announced a $250 million PDA package (row US-2024-09-06-PDA) and "
              "said the US had pledged more than $4 billion since the June meeting.",
         source="https://unn.ua/en/news/ramstein-24-pentagon-confirms-september-6-meeting ; "
                "https://euromaidanpress.com/2024/09/06/us-announces-250-million-military-aid-package-for-ukraine/ ; "
                "https://businessinsider.com.pl/polityka/ukraina-wzywa-do-przyspieszenia-dostaw-uzbrojenia/wplwh21"),
]

# Coordinates exactly as facts.md gives them.
_VOV = (50.28778, 36.94278)      # Vovchansk, Wikipedia
_KHARKIV_CITY = (49.98177, 36.25475)   # Kharkiv, GeoNames city point

KHARKIV_EVENTS: list[dict] = [
    dict(id="KH-01", date="2024-05-10", type="assault", place="Vovchansk (border sector)",
         ll=_VOV, csrc="Wikipedia",
         desc="Around 05:00, Russian armour tried to break through toward Vovchansk. The MoD "
              "said the attacks were repelled and sent reserves.",
         source="https://euromaidanpress.com/2024/05/10/mod-russian-forces-attempt-kharkiv-breakthrough-ukrainian-forces-hold-the-ground/"),
    dict(id="KH-02", date="2024-05-10", type="capture", place="Strilecha",
         ll=(50.302778, 36.401389), csrc="Wikipedia",
         desc="Capture (reported): UP military sources said Strilecha, Krasne, Pylna and "
              "Borysivka were taken. The governor said no ground had been lost.",
         source="https://kyivindependent.com/media-russia-captures-4-border-villages-in-kharkiv-oblast/"),
    dict(id="KH-03", date="2024-05-10", type="assault", place="Pylna",
         ll=(50.286944, 36.517778), csrc="Wikipedia",
         desc="General Staff: fighting for the grey-zone villages Strilecha, Pylna and Borysivka "
              "and near Oliinykove and Ohirtseve.",
         source="https://www.pravda.com.ua/eng/news/2024/05/10/7455262/"),
    dict(id="KH-04", date="2024-05-10", type="counterattack", place="Lyptsi",
         ll=(50.209167, 36.421111), csrc="Wikipedia",
         desc="General Staff: counter-offensive actions around Lyptsi and Vovchansk.",
         source="https://kyivindependent.com/general-staff-ukraine-counterattacks-in-kharkiv-oblasts-lyptsi-vovchansk-sectors/"),
    dict(id="KH-05", date="2024-05-10", type="assault", place="Krasne",
         desc="Firefights near Krasne; Ukrainian forces blocking Russian troops near Hatyshche.",
         source="https://www.pravda.com.ua/eng/news/2024/05/10/7455209/"),
    dict(id="KH-06", date="2024-05-11", type="capture", place="Borysivka",
         ll=(50.275278, 36.561944), csrc="Wikipedia",
         desc="Capture (claimed): Russian MoD claimed Borysivka, Ohirtseve, Pletenivka, Pylna and "
              "Strilecha. Kyiv said fighting was continuing.",
         source="https://kyivindependent.com/russia-claims-capture-of-five-villages-in-ukraines-kharkiv-oblast/"),
    dict(id="KH-07", date="2024-05-11", type="capture", place="Ohirtseve",
         desc="Capture (claimed): among the five villages in the Russian MoD claim; the governor "
              "said fighting was ongoing there.",
         source="https://kyivindependent.com/russia-claims-capture-of-five-villages-in-ukraines-kharkiv-oblast/"),
    dict(id="KH-08", date="2024-05-11", type="counterattack", place="Pletenivka",
         desc="Zelensky: fighting and counterattacks in Strilecha, Pletenivka, Krasne, "
              "Morokhovets, Oliinykove, Lukiantsi and Hatyshche.",
         source="https://readselective.com/russia-says-it-has-captured-5-villages-in-northeast-ukraine-as-more-than-1700-civilians-flee/?amp=1"),
    dict(id="KH-09", date="2024-05-12", type="capture", place="Morokhovets",
         ll=(50.273056, 36.471111), csrc="Wikipedia",
         desc="Capture (claimed): Russian MoD claimed Hatyshche, Krasne, Morokhovets and "
              "Oliinykove.",
         source="https://www.lbcgroup.tv/news/world-news/771704/russia-declares-control-over-four-new-towns-in-kharkiv-ukraine/en"),
    dict(id="KH-10", date="2024-05-12", type="capture", place="Oliinykove",
         desc="DeepState: Morokhovets, Oliinykove and Zelene occupied; Russian forces pushing "
              "toward Lyptsi.",
         source="https://babel.ua/en/news/107074-russians-continue-to-attack-kharkiv-region-two-civilians-were-killed"),
    dict(id="KH-11", date="2024-05-12", type="capture", place="Hatyshche",
         desc="Capture (claimed): included in the 2024-05-12 Russian MoD claim. An 83-year-old "
              "civilian was killed there on 2024-05-14.",
         source="https://www.lbcgroup.tv/news/world-news/771704/russia-declares-control-over-four-new-towns-in-kharkiv-ukraine/en ; "
                "https://babel.ua/en/news/107074-russians-continue-to-attack-kharkiv-region-two-civilians-were-killed"),
    dict(id="KH-12", date="2024-05-13", type="assault", place="Lukiantsi",
         ll=(50.248333, 36.507778), csrc="Wikipedia",
         desc="General Staff: Russians 'partially successful' near Lukiantsi; clearing on the "
              "northern edge of Vovchansk.",
         source="https://kyivindependent.com/general-staff-russia-partially-succeeds-near-settlement-of-lukiantsi-in-kharkiv-oblast"),
    dict(id="KH-13", date="2024-05-14", type="withdrawal", place="Vovchansk",
         ll=_VOV, csrc="Wikipedia",
         desc="Ukrainian units moved to 'more advantageous positions' near Lukiantsi and "
              "Vovchansk.",
         source="https://news.liga.net/en/politics/news/podrazdeleniya-vsu-otoshli-na-novye-pozitsii-v-rayonah-volchanska-i-lukyantsev"),
    dict(id="KH-14", date="2024-05-14", type="capture", place="Buhruvatka",
         desc="Capture (claimed): Russian MoD claimed Buhruvatka near Vovchansk.",
         source="https://www.kyivpost.com/post/32683"),
    dict(id="KH-15", date="2024-05-15", type="capture", place="Hlyboke",
         desc="Capture (claimed): Russian MoD claimed Hlyboke and Lukiantsi (Kyiv disputed "
              "Hlyboke later).",
         source="https://www.yenisafak.com/en/world/russia-claims-capture-of-three-settlements-in-ukraine-3683541"),
    dict(id="KH-16", date="2024-05-15", type="counterattack", place="Vovchansk",
         ll=_VOV, csrc="Wikipedia",
         desc="General Staff: Russian forces partially pushed out of Vovchansk.",
         source="https://like123.com/zelenskyy-ukrainian-forces-stabilize-russian-offensive-in-kharkiv-oblast"),
    dict(id="KH-17", date="2024-05-17", type="policy", place="(whole axis)", csrc="n/a",
         desc="Putin in Harbin: the offensive is meant to create a 'sanitary'/buffer zone, and "
              "there are 'no plans as of today' to take Kharkiv.",
         source="https://mb.com.ph/2024/5/17/putin-says-russia-wants-buffer-zone-in-ukraine-s-kharkiv-but-has-no-plans-to-capture-the-city"),
    dict(id="KH-18", date="2024-05-18", type="capture", place="Starytsia",
         desc="Capture (claimed): Russian MoD claimed Starytsia.",
         source="https://www.anews.com.tr/world/2024/05/18/russia-claims-taking-over-settlement-in-ukraine"),
    dict(id="KH-19", date="2024-05-19", type="strike", place="Cherkaska Lozova",
         ll=(50.10954, 36.22102), csrc="GeoNames", fatal=7,
         desc="Iskander-M 'double-tap' on a recreation centre: 7 killed, 28 injured.",
         source="https://www.pravda.com.ua/eng/news/2024/05/20/7456633/"),
    dict(id="KH-20", date="2024-05-23", type="strike",
         place="Kharkiv (Osnovianskyi district; Factor-Druk)",
         ll=(49.93657, 36.24128), csrc="GeoNames (district point)", fatal=7,
         desc="S-300 missiles destroyed the Factor-Druk printing house: 7 killed, 21 injured, "
              "~50,000 books burned. Coordinate is the district's point, not the building.",
         source="https://www.pravda.com.ua/eng/news/2024/05/24/7457470/ ; "
                "https://kyivindependent.com/russian-missile-strike-reduces-kharkiv-printing-press-to-ashes"),
    dict(id="KH-21", date="2024-05-23", type="assault", place="Vovchansk",
         ll=_VOV, csrc="Wikipedia",
         desc="Assault (stalled): Syrskyi said Russians were bogged down in street fighting in "
              "Vovchansk and had switched to defence near Lyptsi.",
         source="https://news.online.ua/en/russian-troops-suffer-heavy-losses-in-vovchansk-kharkiv-region-syrskyi-says-878967/"),
    dict(id="KH-22", date="2024-05-25", type="strike", place="Kharkiv (Epicentr hypermarket)",
         ll=_KHARKIV_CITY, csrc="GeoNames (city point)", fatal=19,
         desc="Two guided bombs hit the Epicentr DIY hypermarket with ~200 people inside; the "
              "death toll rose to 19. Coordinate is the city point; exact site UNCONFIRMED.",
         source="https://news.online.ua/en/number-of-victims-increased-following-attack-on-epicentre-in-kharkiv-879294/"),
    dict(id="KH-23", date="2024-05-30", type="policy", place="Kharkiv region", csrc="n/a",
         desc="US officials: Biden secretly allowed US weapons to be used against targets inside "
              "Russia to defend Kharkiv; no offensive long-range strikes (ATACMS).",
         source="https://kesq.com/news/2024/05/30/biden-partially-lifts-ban-on-ukraine-using-us-arms-in-strikes-on-russian-territory-us-officials-say/"),
    dict(id="KH-24", date="2024-05-31", type="policy", place="Kharkiv region", csrc="n/a",
         desc="Blinken in Prague confirmed the authorization. Germany also confirmed a similar "
              "change.",
         source="https://unn.ua/en/news/blinken-biden-approved-the-use-of-weapons-to-strike-russian-targets-on-the-russian-side-of-the-border ; "
                "https://www.pravda.com.ua/eng/news/2024/06/1/7458654/"),
    dict(id="KH-25", date="2024-06-10", end="2024-06-11", type="counterattack",
         place="Hlyboke (Lyptsi axis)",
         desc="ISW: geolocated footage shows Ukraine regained positions on the Lyptsi-Kharkiv "
              "road SE of Hlyboke (reported for 06-10/11).",
         source="https://euromaidanpress.com/2024/06/12/iws-ukrainian-forces-regain-lost-positions-near-lyptsi-in-kharkiv-oblast/"),
    dict(id="KH-26", date="2024-06-12", type="assault", place="Vovchansk",
         ll=_VOV, csrc="Wikipedia",
         desc="Assault (stalled): Syrskyi said the enemy has been stalled in Vovchansk despite "
              "reinforcements.",
         source="https://www.pravda.com.ua/eng/news/2024/06/12/7460385/"),
    dict(id="KH-27", date="2024-06-14", end="2024-06-17", type="counterattack",
         place="Vovchansk (aggregate plant)", ll=_VOV, csrc="Wikipedia (town point)",
         desc="Russians blocked at the Vovchansk aggregate plant. Forbes/CDS: ~400 encircled and "
              "30 surrendered. The Kharkiv OTG confirmed the blockade. Coordinate is the town "
              "point, not the plant.",
         source="https://uawire.org/ukrainian-forces-block-russian-troops-at-vovchansk-aggregator-plant ; "
                "https://ukranews.com/en/news/1014059-about-400-russians-got-into-cauldron-in-vovchansk-forbes"),
    dict(id="KH-28", date="2024-06-19", type="counterattack", place="Tykhe",
         desc="Counterattack / recapture: ISW said Ukraine retook Tykhe (just east of Vovchansk) "
              "and regained parts of southern and central Starytsia.",
         source="https://like123.com/isw-ukrainian-liberated-tykhe-village-east-of-kharkivs-vovchansk-advanced-elsewhere-in-the-area"),
    dict(id="KH-29", date="2024-06-22", type="strike", place="Kharkiv (Haharina Ave.)",
         ll=_KHARKIV_CITY, csrc="GeoNames (city point)", fatal=2,
         desc="UMPB D-30 glide bomb on a 5-storey block. Zelensky's first report: 3 killed; the "
              "SES final report: 2 dead and 53 injured (Fatalities uses the final report). "
              "Coordinate is the city point.",
         source="https://www.pravda.com.ua/eng/news/2024/06/22/7462085/ ; "
                "https://euromaidanpress.com/2024/06/23/kharkiv-rescue-operation-ends-2-dead-over-50-injured-in-russian-attack-on-residential-building/"),
    dict(id="KH-30", date="2024-06-24", type="counterattack", place="Starytsia / NE Vovchansk",
         desc="ISW: Ukraine regained limited positions along Khliboroba St. in NE Vovchansk and "
              "in central Starytsia.",
         source="https://glavred.net/ukraine/vsu-kontratakovali-armiyu-rf-i-prodvinulis-v-volchanske-isw-10575638.html"),
    dict(id="KH-31", date="2024-06-26", type="assault",
         place="Sotnytskyi Kozachok (NW of Kharkiv)",
         desc="Assault (probe): a Russian sabotage group attacked the border there. ISW read it "
              "as a probe to stretch Ukrainian forces.",
         source="https://news.online.ua/en/russians-trying-to-stretch-ukrainian-troops-along-kharkiv-regions-border-experts-say-881026/"),
    dict(id="KH-32", date="2024-06-27", end="2024-06-28", type="assault", place="Vovchansk",
         ll=_VOV, csrc="Wikipedia",
         desc="Assault / ultimatum: Kharkiv OTG said attacks by the Russian 153rd Tank Regiment "
              "were repelled; Russians trapped at the plant were told to surrender.",
         source="https://www.novinite.com/view_news.php?id=226881"),
]

# Section D, shown on the README sheet (reference, not data rows).
COALITIONS: list[tuple[str, str, str]] = [
    ("Air Force", "US, Denmark, Netherlands (F-16)",
     "https://m.censor.net/en/news/3469486/germany_will_become_leader_of_armored_vehicle_coalition_latvia_will_lead_drone_coalition_pentagon ; "
     "https://www.carsonteuscher.com/capability/"),
    ("Integrated Air & Missile Defence", "Germany, France (Umerov also named the US, Feb 2024)",
     "https://kyivindependent.com/germany-france-agree-on-air-defense-coalition-in-support-of-ukraine"),
    ("Artillery", "France, US (launched in Paris 2024-01-18)",
     "https://euromaidanpress.com/2024/01/18/artillery-coalition-for-ukraine-launches-in-paris-without-ukrainian-defense-minister/"),
    ("Armoured vehicles", "Germany, Poland (active from 2024-03-26); Italy as co-lead UNCONFIRMED",
     "https://kyivindependent.com/germany-poland-to-launch-armored-vehicles-coalition-for-ukraine-next-week/"),
    ("Maritime", "UK, Norway (launched 2023-12-11)",
     "https://euro-sd.com/2023/12/major-news/35583/uk-norway-support-ukraine-navy"),
    ("IT", "Estonia, Luxembourg (launched 2023-09-19)",
     "https://www.mil.gov.ua/en/news/2023/09/19/ukraine-estonia-and-luxembourg-have-launched-the-it-coalition/"),
    ("Demining", "Lithuania, Iceland",
     "https://www.government.is/news/article/2024/02/15/Iceland-co-leads-the-Demining-Coalition/"),
    ("Drones", "Latvia, UK",
     "https://news.yahoo.com/drone-coalition-officially-launched-ukrainian-083446289.html"),
]
COALITIONS_CONFIRMED_BY = "https://pubt.io/view/705A5682B79BEA0F803DA4C1602DAE64B3AE1291"

# Section F, shown on the README sheet: what the illustrative control areas are scaled to.
ADVANCE_FIGURES: list[tuple[str, str, str]] = [
    ("<= 8 km from the border", "ISW, 2024-05-16",
     "https://menafn.com/1108220854/Russian-Troops-Advanced-No-More-Than-Eight-Kilometers-In-Northern-Kharkiv-Region-ISW"),
    ("Deepest point 10 km; halted at the first defence line", "Zelensky, 2024-05-16/17",
     "https://www.pravda.com.ua/eng/news/2024/05/17/7456210/"),
    ("257 km2 taken in Kharkiv oblast, 2024-05-09 to 05-15 (278 km2 across Ukraine)",
     "AFP analysis of ISW data",
     "https://euro.dayfr.com/news/2165969.html ; "
     "https://noticias.uol.com.br/ultimas-noticias/afp/2024/05/16/russia-tem-maior-conquista-de-territorio-ucraniano-em-18-meses-segundo-analise-da-afp.htm"),
    ("'Almost 300 km2' under Russian control (a Russian claim)",
     "Russian-installed official V. Ganchev, ~2024-05-22",
     "https://pravda-en.com/world/2024/05/22/525111.html"),
    ("Not more than 7-8 km", "Ukrainian outlet summarising the front, 2024-06-12",
     "https://news.online.ua/en/afu-regained-part-of-its-lost-positions-near-kharkiv-880114/"),
    ("Kharkiv-specific area gained as of mid-June", "UNCONFIRMED (no source found)", ""),
]

"""Synthetic, realistic news articles for the benchmarks.

Everything here is generated from templates and word lists written for this project: no
third-party text is copied. Articles come in stories (several outlets covering one event, so
the related index has real clusters to find), in the three input formats the parser takes
(scraped plain text, full HTML pages with navigation/sidebars/scripts, JSON-LD
``NewsArticle``), with bylines, datelines, dates, quotes and transliteration variants of
Arabic names (Mohamed/Mohammed, El-/Al-), at typical news length (≈ 350–900 words).

Optional real-text sources read at bench time only (never copied into the repository):
``ecbplus_docs()`` (ECB+ development articles) and ``conll_texts()`` (CoNLL-2003 validation
documents), both under ``../shared/data``; each returns ``[]`` when the folder is absent.

    from bench.corpus import generate
    docs = generate(200)          # deterministic for a given (n, seed)
"""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Doc:
    key: str  # S3 key, extension included
    data: bytes
    content_type: str | None
    story: int
    fmt: str  # "text" | "html" | "json"


# ----------------------------------------------------------------------------- word lists
# (country, capital, other cities, demonym)
COUNTRIES = [
    ("Egypt", "Cairo", ["Alexandria", "Port Said", "Aswan"], "Egyptian"),
    ("Libya", "Tripoli", ["Benghazi", "Misrata", "Tobruk"], "Libyan"),
    ("Tunisia", "Tunis", ["Sfax", "Sousse", "Gafsa"], "Tunisian"),
    ("Algeria", "Algiers", ["Oran", "Constantine", "Annaba"], "Algerian"),
    ("Morocco", "Rabat", ["Casablanca", "Tangier", "Marrakesh"], "Moroccan"),
    ("Jordan", "Amman", ["Zarqa", "Irbid", "Aqaba"], "Jordanian"),
    ("Kenya", "Nairobi", ["Mombasa", "Kisumu", "Nakuru"], "Kenyan"),
    ("Ghana", "Accra", ["Kumasi", "Tamale", "Takoradi"], "Ghanaian"),
    ("Portugal", "Lisbon", ["Porto", "Braga", "Faro"], "Portuguese"),
    ("Poland", "Warsaw", ["Krakow", "Gdansk", "Wroclaw"], "Polish"),
    ("Canada", "Ottawa", ["Toronto", "Montreal", "Calgary"], "Canadian"),
    ("Chile", "Santiago", ["Valparaiso", "Antofagasta", "Concepcion"], "Chilean"),
    ("Indonesia", "Jakarta", ["Surabaya", "Bandung", "Medan"], "Indonesian"),
    ("Vietnam", "Hanoi", ["Ho Chi Minh City", "Da Nang", "Haiphong"], "Vietnamese"),
]

# First names with transliteration variants (the first is the usual spelling).
ARABIC_FIRST = [
    ["Mohamed", "Mohammed", "Muhammad"],
    ["Ahmed", "Ahmad"],
    ["Youssef", "Yousef", "Yusuf"],
    ["Khaled", "Khalid"],
    ["Mahmoud", "Mahmud"],
    ["Omar", "Umar"],
    ["Hassan", "Hasan"],
    ["Nadia"],
    ["Leila", "Layla"],
    ["Samira"],
    ["Fatma", "Fatima"],
    ["Rania"],
    ["Tarek", "Tariq"],
    ["Abdelkader", "Abdul Qadir"],
    ["Hisham", "Hesham"],
    ["Karim", "Kareem"],
    ["Amira"],
    ["Salma"],
]
ARABIC_LAST = [
    ["El-Sayed", "Al-Sayed"],
    ["Mansour", "Mansur"],
    ["Haddad"],
    ["Ben Salem", "Bensalem"],
    ["El-Masri", "Al-Masri"],
    ["Trabelsi"],
    ["Benali", "Ben Ali"],
    ["Khoury"],
    ["Abdelaziz", "Abdul Aziz"],
    ["Nasser", "Nasir"],
    ["El-Amin", "Al-Amin"],
    ["Boudiaf"],
    ["Zaki"],
    ["Hamdi", "Hamdy"],
    ["Shukri", "Shoukry"],
    ["Farouk", "Faruq"],
    ["Othmani", "Osmani"],
    ["Saleh", "Salih"],
]
OTHER_FIRST = [
    "Anna",
    "Peter",
    "Maria",
    "James",
    "Sofia",
    "Daniel",
    "Grace",
    "Samuel",
    "Ines",
    "Tomasz",
    "Catherine",
    "Joao",
    "Wanjiru",
    "Kwame",
    "Ama",
    "Lucas",
    "Camila",
    "Budi",
    "Dewi",
    "Linh",
    "Minh",
    "Elena",
    "Marek",
    "Olivia",
    "David",
    "Ruth",
    "Michael",
    "Joseph",
    "Akosua",
    "Otieno",
]
OTHER_LAST = [
    "Novak",
    "Ferreira",
    "Mwangi",
    "Mensah",
    "Kowalski",
    "Tremblay",
    "Silva",
    "Santoso",
    "Nguyen",
    "Wojcik",
    "Ochieng",
    "Boateng",
    "Costa",
    "Rojas",
    "Gagnon",
    "Pereira",
    "Wijaya",
    "Tran",
    "Kamau",
    "Asante",
    "Lewandowski",
    "Fraser",
    "Munoz",
    "Hartono",
    "Pham",
    "Owusu",
    "Campbell",
]
ROLES = {
    "energy": ["Energy Minister", "chief executive of {org}", "Oil Minister", "head of the grid operator"],
    "trade": ["Trade Minister", "Foreign Minister", "head of the chamber of commerce", "customs chief"],
    "election": ["opposition leader", "Prime Minister", "head of the electoral commission", "President"],
    "football": ["coach", "captain", "club president", "striker"],
    "bank": ["central bank governor", "Finance Minister", "chief economist at {org}", "deputy governor"],
    "drought": ["Agriculture Minister", "head of the farmers' union", "Water Minister", "regional governor"],
    "rail": ["Transport Minister", "chief executive of {org}", "head of the rail workers' union", "mayor"],
    "health": [
        "Health Minister",
        "director of {org}",
        "head of the doctors' syndicate",
        "chief medical officer",
    ],
    "tech": [
        "Digital Economy Minister",
        "founder of {org}",
        "chief executive of {org}",
        "telecoms regulator",
    ],
}
ORG_STEMS = {
    "energy": [
        "National Oil Corporation",
        "{C} Gas Company",
        "{C} Electricity Authority",
        "Sahara Petroleum",
        "Meridian Power",
        "Atlas Renewables",
    ],
    "trade": [
        "{C} Chamber of Commerce",
        "Free Zones Authority",
        "{C} Ports Company",
        "Blue Coast Shipping",
        "Crescent Logistics",
    ],
    "election": [
        "{D} Electoral Commission",
        "National Unity Party",
        "Civic Future Movement",
        "People's Alliance",
        "Constitutional Court",
    ],
    "football": [
        "{X} Athletic Club",
        "{X} United",
        "{D} Football Federation",
        "Confederation of African Football",
        "Sporting {X}",
    ],
    "bank": [
        "Central Bank of {C}",
        "International Monetary Fund",
        "{C} Stock Exchange",
        "Northgate Capital",
        "Harbor Bank",
    ],
    "drought": [
        "Ministry of Agriculture",
        "Grain Board of {C}",
        "World Food Programme",
        "Highland Farmers Union",
        "{C} Water Authority",
    ],
    "rail": [
        "{C} National Railways",
        "Metro {X}",
        "Eastern Rail Consortium",
        "Railway Workers Union",
        "Ministry of Transport",
    ],
    "health": [
        "Ministry of Health",
        "World Health Organization",
        "{X} University Hospital",
        "Doctors' Syndicate",
        "Pharmalink Laboratories",
    ],
    "tech": [
        "Nimbus Telecom",
        "Cedar Data Systems",
        "{C} Digital Agency",
        "Orbit Fintech",
        "Sandline Networks",
    ],
}
OUTLETS = [
    ("Maghreb Markets", "maghrebmarkets.example"),
    ("Nile Courier", "nilecourier.example"),
    ("MENA Wire", "menawire.example"),
    ("Coastline Post", "coastlinepost.example"),
    ("The Daily Ledger", "dailyledger.example"),
    ("Capital Observer", "capitalobserver.example"),
    ("Horizon News Agency", "horizonnews.example"),
    ("Savanna Times", "savannatimes.example"),
]
SECTIONS = {
    "energy": "Energy",
    "trade": "Business",
    "election": "Politics",
    "football": "Sport",
    "bank": "Economy",
    "drought": "Environment",
    "rail": "Transport",
    "health": "Health",
    "tech": "Technology",
}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# ----------------------------------------------------------------------------- templates
# Slots: {p1} {p2} {p3} full names, {s1} {s2} surnames, {r1} {r2} roles, {o1} {o2} orgs,
# {country} {capital} {city} {dem} (demonym), {other} (another country), {n} {m} {pct} numbers,
# {day} (weekday), {month}, {year}, {item} (topic noun), {thing} (secondary topic noun).
TITLES = {
    "energy": [
        "{dem} {item} output rises as {o1} restarts fields near {city}",
        "{country} signs {item} supply deal with {other}",
        "{o1} to invest ${n} billion in new {item} projects",
        "{s1} says {country} will raise {item} exports by {pct} percent",
    ],
    "trade": [
        "{country} and {other} agree to ease border trade",
        "{dem} exporters hail deal on {item} after talks in {capital}",
        "{s1} and {s2} meet in {capital} to revive {item} trade",
        "Lorries stranded as {country} tightens {item} inspections",
    ],
    "election": [
        "{dem} opposition rallies in {capital} ahead of vote",
        "{s1} calls early election as {o1} splits",
        "{o1} rejects results of {dem} parliamentary vote",
        "Turnout low in {country} election, commission says",
    ],
    "football": [
        "{o1} beat {o2} {n}-{m} to reach cup final",
        "{s1} scores twice as {o1} go top of the league",
        "{o2} sack coach after {n} straight defeats",
        "{dem} federation names {p1} national team coach",
    ],
    "bank": [
        "{dem} central bank holds key rate at {pct} percent",
        "{s1} says inflation in {country} has peaked",
        "{country} secures ${n} billion loan from {o2}",
        "{dem} currency slips as banks ration dollars",
    ],
    "drought": [
        "Drought cuts {dem} {item} harvest by {pct} percent",
        "{country} declares emergency as reservoirs fall",
        "Farmers near {city} warn of {item} shortages",
        "{s1} announces aid for farmers hit by drought",
    ],
    "rail": [
        "{dem} rail strike halts trains between {capital} and {city}",
        "{o1} orders {n} new trains for {capital} line",
        "Derailment near {city} injures {n} passengers",
        "{s1} promises faster trains to {city} by {year}",
    ],
    "health": [
        "{dem} hospitals strained as {item} cases rise",
        "{country} launches vaccination drive against {item}",
        "Doctors in {capital} strike over pay and shortages",
        "{s1} says {item} outbreak near {city} under control",
    ],
    "tech": [
        "{o1} raises ${n} million to expand in {country}",
        "{dem} regulator fines {o1} over data breach",
        "{country} rolls out {item} network in {capital} and {city}",
        "{s1} unveils plan to make {capital} a tech hub",
    ],
}
ITEMS = {
    "energy": ["gas", "crude oil", "solar power", "electricity", "phosphate"],
    "trade": ["cement", "steel", "fruit", "textile", "fertiliser"],
    "election": ["reform", "constitution", "budget", "coalition", "turnout"],
    "football": ["title", "cup", "league", "transfer", "season"],
    "bank": ["inflation", "currency", "debt", "interest rate", "reserves"],
    "drought": ["wheat", "barley", "olive", "maize", "water"],
    "rail": ["rail", "metro", "freight", "signalling", "ticket"],
    "health": ["cholera", "measles", "dengue", "influenza", "malaria"],
    "tech": ["5G", "broadband", "payments", "cloud", "satellite"],
}
LEADS = {
    "energy": [
        "{dem} state company {o1} produced more {item} last month than at any time in three years, "
        "{r1} {p1} said on {day}, as fields near {city} returned to work after long stoppages.",
        "{country} signed an agreement on {day} to extend {item} deliveries to {other} for another "
        "{n} years, the energy ministry said, in a deal worth about ${m} billion.",
    ],
    "trade": [
        "{country} and {other} will reopen the main crossing between the two countries to commercial "
        "lorries within two weeks, {r1} {p1} said on {day} after talks in {capital} with {p2}.",
        "Exporters of {item} in {country} welcomed an agreement reached on {day} in {capital} that cuts "
        "inspection fees at the border by {pct} percent, {o1} said.",
    ],
    "election": [
        "Tens of thousands of supporters of {o1} marched through {capital} on {day}, {n} days before "
        "a parliamentary election that {r1} {p1} called a test for the country's young democracy.",
        "{r1} {p1} dissolved parliament on {day} and called an early election for {month}, after "
        "{o1} lost its majority when {n} deputies walked out.",
    ],
    "football": [
        "{o1} reached the cup final on {day} with a {n}-{m} win over {o2}, {p1} scoring twice in the "
        "second half in front of a capacity crowd in {city}.",
        "{o2} dismissed their coach on {day} after a run of {n} defeats that left the club in the "
        "relegation places, {r1} {p1} said in a statement.",
    ],
    "bank": [
        "The Central Bank of {country} kept its main interest rate at {pct} percent on {day}, "
        "{r1} {p1} said, adding that inflation appeared to have peaked after a year of rapid increases.",
        "{country} reached a staff-level agreement with {o2} on {day} for a ${n} billion loan over "
        "{m} years, {r1} {p1} told reporters in {capital}.",
    ],
    "drought": [
        "The {item} harvest in {country} will fall by about {pct} percent this year after the driest "
        "winter in decades, {r1} {p1} said on {day}, as reservoirs near {city} dropped below a fifth "
        "of capacity.",
        "Farmers around {city} said on {day} that they had lost most of their {item} crop, as "
        "{r1} {p1} announced emergency aid of {n} million for the worst-hit provinces.",
    ],
    "rail": [
        "Trains between {capital} and {city} were halted on {day} as rail workers began a {n}-day strike "
        "over pay, {o1} said, leaving thousands of commuters to find other ways to work.",
        "{o1} has ordered {n} new trains for the line between {capital} and {city}, {r1} {p1} said on "
        "{day}, in the largest investment in the network for a generation.",
    ],
    "health": [
        "Hospitals in {capital} and {city} are struggling to cope with a rise in {item} cases, "
        "{r1} {p1} said on {day}, as the number of patients admitted last week reached {n}.",
        "{country} began a nationwide vaccination campaign against {item} on {day}, aiming to reach "
        "{n} million children within {m} weeks, {r1} {p1} said.",
    ],
    "tech": [
        "{o1}, a start-up based in {capital}, said on {day} it had raised ${n} million from investors to "
        "expand its {item} services across {country} and into {other}.",
        "The {dem} regulator fined {o1} {n} million on {day} over a data breach that exposed the records "
        "of customers in {capital} and {city}, {r1} {p1} said.",
    ],
}
BODY = {
    "energy": [
        "Officials said new agreements with local communities near {city} had allowed {o1} to resume "
        "round-the-clock operations, and that repairs to the pipeline had cut losses.",
        "{s1} said {o1} would invest in new fields to make sure that rising domestic demand did not "
        "eat into export capacity.",
        "Analysts said the investment plan was ambitious but that {o1} had delivered on similar "
        "promises in the past two years.",
        "{item} and its derivatives were once among {country}'s largest sources of foreign currency.",
        "Engineers from {o2} are expected to inspect the {item} installations near {city} in {month}.",
        "Output remained well below the levels reached a decade ago, and new equipment would be needed "
        "to keep the gains, {p3} of {o2} said.",
        '"We expect production to keep rising through the summer," {s1} said, adding that maintenance '
        "at two plants had been brought forward.",
        "Industry sources in {capital} said buyers in {other} had asked for additional cargoes "
        "for the winter.",
        "The company plans to drill {n} new wells by the end of next year, most of them near {city}.",
        "Protests by residents demanding jobs at the sites had shut production for several weeks last year.",
    ],
    "trade": [
        "Freight traffic has been slowed for weeks by new inspection rules and disputes over fees, "
        "traders in {city} said.",
        "{s1} told a joint news conference that the two sides had also agreed to revive a committee on "
        "the rights of workers from {country} living in {other}.",
        "Business groups in {city} said a full reopening could restore trade worth tens of millions of "
        "dollars a month.",
        "{s2} said his government was ready to work with all institutions to make the deal last.",
        "Exports of {item} to {other} rose by {pct} percent last year, according to {o1}.",
        "Every day the lorries wait at the gate, prices in the market go up, said a wholesaler in {city} "
        "who asked not to be named.",
        "Customs officers in {city} will be able to clear a lorry in under an hour under the new "
        "system, {s2} said.",
        "The two countries last signed a comprehensive trade agreement more than a decade ago.",
        "Importers in {other} have complained about delays at the port of {city} for months.",
        "{o2} said the backlog of containers had been cleared by the end of the week.",
    ],
    "election": [
        "{o1} says the vote will be a referendum on the government's handling of the economy.",
        "{s1} told supporters that a new parliament would have to agree on a {item} within six months.",
        "Observers from {o2} will monitor polling stations in {capital}, {city} and the border regions.",
        "Opinion polls suggest that no party will win a majority, making a coalition likely.",
        "{p3}, a political scientist at the University of {capital}, said turnout would decide the result.",
        "The electoral commission said {n} candidates had registered for {m} seats.",
        "The campaign has been dominated by the cost of living and unemployment among young people.",
        "{s2} accused the government of using state media to promote its candidates.",
        "Police said the rally in {capital} ended peacefully late in the evening.",
        "Results are expected within {m} days of the vote, the commission said.",
    ],
    "football": [
        "{s1} opened the scoring after {n} minutes with a header from a corner.",
        "The visitors equalised before half-time, but {o1} dominated the second half.",
        "{p3}, the coach of {o1}, said his players had shown character after a difficult week.",
        "{o2} have now gone {m} matches without a win in all competitions.",
        "The final will be played in {capital} in {month}.",
        "{s2} was booked for a late challenge and will miss the next league match.",
        "The stadium in {city} was sold out days before the match.",
        "{o1} have not won the cup since {year}.",
        "Supporters of {o2} called for the board to resign after the final whistle.",
        "{s1} has now scored {n} goals in all competitions this season.",
    ],
    "bank": [
        "Annual inflation slowed to {pct} percent in {month} from a peak earlier in the year, official "
        "data showed.",
        "{s1} said the bank would keep policy tight until inflation was firmly on a downward path.",
        "The {item} has lost about a third of its value against the dollar over the past year.",
        "Economists at {o2} expect the first rate cut in the second half of the year.",
        "Talks with {o2} on the loan have dragged on for months over subsidies and the exchange rate.",
        "{p3}, an economist in {capital}, said the decision was in line with expectations.",
        "Government bond yields fell after the announcement, traders in {capital} said.",
        "The bank also raised reserve requirements for commercial lenders by {m} percentage points.",
        "Remittances from workers abroad, a major source of hard currency, rose by {pct} percent.",
        "{s2} said the budget deficit would narrow next year as subsidies are phased out.",
    ],
    "drought": [
        "Rainfall since October has been less than half the long-term average, the weather service said.",
        "{s1} said the government would import {item} to keep bread prices stable.",
        "{o2} warned that the poorest households in rural areas would be hit hardest.",
        "Reservoirs supplying {capital} and {city} are at their lowest level since records began.",
        "Farmers have sold livestock because they can no longer afford fodder, {p3} of {o1} said.",
        "The agriculture ministry plans to expand drip irrigation to {n} thousand hectares.",
        "Bread prices in {capital} have risen by {pct} percent since the start of the year.",
        "Meteorologists expect below-average rainfall to continue into the spring.",
        "Several towns near {city} now receive tap water only a few hours a day.",
        "{o1} said it would distribute seed and fodder to {n} thousand families.",
    ],
    "rail": [
        "Unions say wages have not kept up with inflation and that staff shortages make the trains unsafe.",
        "{s1} said the new trains would cut the journey between {capital} and {city} to under {n} hours.",
        "{o2} said it would keep talking with the government but warned of further strikes in {month}.",
        "Passengers crowded onto buses and shared taxis at the main station in {capital}.",
        "The line carries about {n} thousand passengers a day and most of the country's {item} freight.",
        "Investigators from the transport ministry are examining the track near {city}, {p3} said.",
        "The strike is the {m}th this year on the national network.",
        "Repairs to the bridge near {city} are expected to take several months.",
        "{s2} said the union would not accept a pay offer below the rate of inflation.",
        "Freight operators said the disruption would cost exporters millions.",
    ],
    "health": [
        "Most of the patients are children under five, according to {o1}.",
        "{s1} urged parents to make sure their children were vaccinated against {item}.",
        "{o2} sent experts and supplies to help contain the outbreak near {city}.",
        "Doctors said shortages of staff and medicines had made the situation worse.",
        "The number of new cases fell for the second week running, {p3} said.",
        "Clean water supplies in the affected districts of {city} are being restored.",
        "Vaccination teams will visit schools and markets in {capital} and {city}.",
        "The ministry has set up a hotline for people with symptoms.",
        "{s2} said {n} extra beds had been opened in field hospitals.",
        "Health workers say many clinics in rural areas lack basic supplies.",
    ],
    "tech": [
        "{o1} employs about {n} people and plans to double its staff by the end of next year.",
        "{s1} said the company would use the money to build {item} infrastructure outside the capital.",
        "The government wants {capital} to become a regional hub for start-ups, {p3} said.",
        "Investors including {o2} took part in the funding round.",
        "The regulator said {o1} had failed to report the breach for {m} weeks.",
        "Mobile {item} use in {country} has grown by {pct} percent a year since {year}.",
        "Start-ups in {capital} raised a record amount of venture capital last year.",
        "{s2} said the rules on data protection would be tightened by the end of the year.",
        "The company's app has about {n} thousand active users, mostly in {capital} and {city}.",
        "Analysts said competition from firms in {other} would intensify.",
    ],
}
GENERIC = [
    "{s1} made the remarks at a news conference in {capital}.",
    "\u201cWe are determined to see this through,\u201d {s1} said. \u201cThe people of {country} expect "
    "results, not promises.\u201d",
    "{s2} declined to comment when contacted on {day}.",
    "The ministry did not give further details.",
    "The announcement came a week after talks between officials of {country} and {other} in {capital}.",
    "Critics say the government has been slow to act, and that the plan lacks funding.",
    "{p3} said the measures were a step in the right direction but would take time to work.",
    "A spokesman for {o1} confirmed the figures but said they would be revised in {month}.",
    "Similar measures were announced in {year} but were only partly carried out.",
    "The {dem} government has been under pressure from international partners, including {other}, "
    "to speed up reforms.",
    '"This is a decision for the long term," {s1} told reporters, declining to give a timetable.',
    "Parliament is expected to debate the measures in {month}.",
    "{s1} is due to visit {other} later this month for talks on the issue.",
    "Figures published by the statistics office showed a similar trend in the previous quarter.",
    "Residents of {city} interviewed on {day} gave the announcement a cautious welcome.",
    "The opposition said it would study the details before taking a position.",
    "Officials in {capital} said the cost would be covered by the current budget.",
    "{p3} of {o2} said the figures should be treated with caution.",
    "The issue has been a source of tension between {country} and {other} for several years.",
    "A report by {o2} last year reached similar conclusions.",
]


def _name(rng: random.Random, arabic: bool) -> tuple[list[str], list[str]]:
    if arabic:
        return rng.choice(ARABIC_FIRST), rng.choice(ARABIC_LAST)
    return [rng.choice(OTHER_FIRST)], [rng.choice(OTHER_LAST)]


class _Person:
    def __init__(self, rng: random.Random, arabic: bool, role: str) -> None:
        self.first, self.last = _name(rng, arabic)
        self.role = role

    def full(self, rng: random.Random) -> str:
        # usually the main spelling; sometimes a transliteration variant
        first = self.first[0] if rng.random() < 0.8 else rng.choice(self.first)
        last = self.last[0] if rng.random() < 0.8 else rng.choice(self.last)
        return f"{first} {last}"

    def surname(self, rng: random.Random) -> str:
        return self.last[0] if rng.random() < 0.85 else rng.choice(self.last)


@dataclass
class _Story:
    topic: str
    country: tuple[str, str, list[str], str]
    other: str
    people: list[_Person]
    orgs: list[str]
    numbers: dict[str, int]
    date: tuple[int, int, int]  # year, month, day


def _story(rng: random.Random) -> _Story:
    topic = rng.choice(sorted(TITLES))
    country = rng.choice(COUNTRIES)
    other = rng.choice([c[0] for c in COUNTRIES if c[0] != country[0]])
    arabic = country[0] in ("Egypt", "Libya", "Tunisia", "Algeria", "Morocco", "Jordan")
    x = rng.choice([country[1], *country[2]])
    orgs = []
    for stem in rng.sample(ORG_STEMS[topic], 2):
        orgs.append(stem.format(C=country[0], D=country[3], X=x))
    people = []
    for i in range(3):
        role = rng.choice(ROLES[topic]).format(org=orgs[i % 2])
        people.append(_Person(rng, arabic and rng.random() < 0.85, role))
    numbers = {
        "n": rng.randint(2, 90),
        "m": rng.randint(1, 12),
        "pct": rng.choice([3, 5, 7, 8, 12, 15, 20, 25, 30]),
    }
    date = (rng.choice([2023, 2024]), rng.randint(1, 12), rng.randint(1, 28))
    return _Story(topic, country, other, people, orgs, numbers, date)


def _fill(template: str, st: _Story, rng: random.Random) -> str:
    name, capital, cities, dem = st.country
    p = st.people
    values = {
        "p1": p[0].full(rng),
        "p2": p[1].full(rng),
        "p3": p[2].full(rng),
        "s1": p[0].surname(rng),
        "s2": p[1].surname(rng),
        "r1": p[0].role,
        "r2": p[1].role,
        "o1": st.orgs[0],
        "o2": st.orgs[1],
        "country": name,
        "capital": capital,
        "city": rng.choice(cities),
        "dem": dem,
        "other": st.other,
        "n": st.numbers["n"],
        "m": st.numbers["m"],
        "pct": st.numbers["pct"],
        "day": DAYS[(st.date[2] + 2) % 7],
        "month": MONTHS[(st.date[1] + 1) % 12],
        "year": st.date[0] - 2,
        "item": ITEMS[st.topic][zlib.crc32(st.orgs[0].encode()) % len(ITEMS[st.topic])],
    }
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _paragraphs(st: _Story, rng: random.Random, n_paras: int) -> list[str]:
    paras = [_fill(rng.choice(LEADS[st.topic]), st, rng)]
    pool: list[str] = []
    for _ in range(n_paras - 1):
        sentences = []
        for _ in range(rng.randint(2, 3)):
            if not pool:  # each template once per article, until all are used
                pool = rng.sample(BODY[st.topic] + GENERIC, len(BODY[st.topic]) + len(GENERIC))
            sentences.append(_fill(pool.pop(), st, rng))
        paras.append(" ".join(sentences))
    return paras


def _iso(st: _Story, rng: random.Random) -> str:
    y, mo, d = st.date
    return f"{y:04d}-{mo:02d}-{d:02d}T{rng.randint(6, 21):02d}:{rng.choice([0, 15, 30, 45]):02d}:00+01:00"


def _text_doc(title: str, paras: list[str], st: _Story, author: str, outlet: str, rng: random.Random) -> str:
    y, mo, d = st.date
    city = st.country[1].upper()
    lead = f"{city} ({outlet}) - {paras[0]}"
    style = rng.random()
    if style < 0.5:  # wire copy
        head = [title, f"By {author}", f"Published: {y:04d}-{mo:02d}-{d:02d}", ""]
        tail = ["", f"(Reporting by {author}; Editing by {rng.choice(OTHER_FIRST)} {rng.choice(OTHER_LAST)})"]
    else:  # scraped page text
        head = [
            f"{DAYS[(d + 2) % 7]} , {d} {MONTHS[mo - 1]} {y}",
            f"Home / {SECTIONS[st.topic]} / {title}",
            "",
            title,
            "",
        ]
        tail = ["", "Read more:", "", "Check Also", "", _fill(rng.choice(TITLES[st.topic]), st, rng)]
    return "\n".join([*head, "\n\n".join([lead, *paras[1:]]), *tail]) + "\n"


_NAV = [
    "Home",
    "World",
    "Politics",
    "Business",
    "Markets",
    "Economy",
    "Energy",
    "Technology",
    "Sport",
    "Health",
    "Environment",
    "Culture",
    "Opinion",
    "Video",
    "Podcasts",
    "Weather",
    "Newsletters",
]
_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','G-BENCH000');var ads={slots:[%s],lazy:true,refresh:30};"
    "(function(){var s=document.createElement('script');s.async=true;s.src='/static/app.%s.js';"
    "document.head.appendChild(s)})();"
)


def _html_doc(
    title: str,
    paras: list[str],
    st: _Story,
    author: str,
    outlet: tuple[str, str],
    rng: random.Random,
    others: list[str],
) -> str:
    site, domain = outlet
    section = SECTIONS[st.topic]
    slug = "-".join(w.lower().strip(",.'$") for w in title.split()[:8])
    url = f"https://{domain}/{section.lower()}/{slug}"
    slots = ",".join(f"'div-gpt-ad-{i}'" for i in range(rng.randint(8, 20)))
    nav = "\n".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in _NAV)
    more = "\n".join(
        f'<li class="teaser"><a href="/{section.lower()}/{i}">{t}</a>'
        f'<span class="time">{rng.randint(1, 23)}h ago</span></li>'
        for i, t in enumerate(others)
    )
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    footer = "\n".join(
        f'<a href="/about/{i}">{w}</a>'
        for i, w in enumerate(
            [
                "About us",
                "Contact",
                "Careers",
                "Advertise",
                "Terms of use",
                "Privacy policy",
                "Cookie settings",
                "Accessibility",
                "Corrections",
                "Archive",
                "RSS feeds",
                "Sitemap",
            ]
        )
    )
    css = "".join(
        f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i * 4111 % 0xFFFFFF:06x}}}" for i in range(120)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{_iso(st, rng)}">
<meta property="article:section" content="{section}">
<meta name="author" content="{author}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/static/site.{rng.getrandbits(32):08x}.css">
<style>{css}</style>
<script>{_SCRIPT % (slots, f"{rng.getrandbits(32):08x}")}</script>
</head>
<body class="article-page">
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button>
<button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/">{site}</a>
<nav><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<div class="ticker">Markets: index +0.{rng.randint(1, 9)}% | Brent ${rng.randint(60, 95)}</div>
<main>
<nav class="breadcrumb"><a href="/">Home</a> / <a href="/{section.lower()}">{section}</a></nav>
<article>
<h1>{title}</h1>
<p class="byline">By <a href="/authors/{author.lower().replace(" ", "-")}">{author}</a></p>
<time datetime="{_iso(st, rng)}">{MONTHS[st.date[1] - 1]} {st.date[2]}, {st.date[0]}</time>
<figure><img src="/img/{rng.getrandbits(40):010x}.jpg" alt="{st.country[1]}">
<figcaption>A view of {st.country[1]}. Photo: {site}</figcaption></figure>
{body}
<div class="share"><a href="#">Share</a> <a href="#">Post</a> <a href="#">Email</a></div>
</article>
<aside class="related-stories"><h2>Related</h2><ul>{more}</ul></aside>
<section class="comments"><h3>Comments</h3><p>Comments are closed for this article.</p></section>
</main>
<aside class="most-read"><h2>Most read</h2><ol>{more}</ol></aside>
<footer>{footer}<p>&copy; {st.date[0]} {site}</p></footer>
<script>{_SCRIPT % (slots, f"{rng.getrandbits(32):08x}")}</script>
</body>
</html>
"""


def _json_doc(
    title: str, paras: list[str], st: _Story, author: str, outlet: tuple[str, str], rng: random.Random
) -> str:
    site, domain = outlet
    doc = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "author": {"@type": "Person", "name": author},
        "datePublished": _iso(st, rng),
        "articleSection": SECTIONS[st.topic],
        "inLanguage": "en",
        "publisher": {"@type": "Organization", "name": site},
        "url": f"https://{domain}/{rng.getrandbits(48):012x}",
        "articleBody": f"{st.country[1].upper()} \u2014 " + "\n\n".join(paras),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def generate(
    n: int, *, seed: int = 8, per_story: tuple[int, int] = (3, 9), mix: tuple[float, float] = (0.40, 0.45)
) -> list[Doc]:
    """``n`` articles in stories of ``per_story`` articles; ``mix`` = share of (text, html),
    the rest JSON. Deterministic for given arguments; keys are unique and stable."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    story_no = 0
    while len(docs) < n:
        st = _story(rng)
        k = rng.randint(*per_story)
        for _ in range(min(k, n - len(docs))):
            i = len(docs)
            title = _fill(rng.choice(TITLES[st.topic]), st, rng)
            paras = _paragraphs(st, rng, rng.randint(9, 16))
            author = _Person(rng, rng.random() < 0.5, "").full(rng)
            outlet = rng.choice(OUTLETS)
            r = rng.random()
            y, mo, d = st.date
            prefix = f"bench/{y:04d}/{mo:02d}/{d:02d}/{i:06d}"
            if r < mix[0]:
                text, fmt, ext, ctype = (
                    _text_doc(title, paras, st, author, outlet[0], rng),
                    "text",
                    "txt",
                    None,
                )
            elif r < mix[0] + mix[1]:
                others = [
                    _fill(rng.choice(TITLES[t]), _story(rng), rng) for t in rng.sample(sorted(TITLES), 6)
                ]
                text = _html_doc(title, paras, st, author, outlet, rng, others)
                fmt, ext, ctype = "html", "html", "text/html"
            else:
                text, fmt, ext, ctype = _json_doc(title, paras, st, author, outlet, rng), "json", "json", None
            docs.append(Doc(f"{prefix}.{ext}", text.encode("utf-8"), ctype, story_no, fmt))
        story_no += 1
    return docs


# ----------------------------------------------------------------------------- real texts (optional)
def ecbplus_docs(limit: int | None = None) -> list[Doc]:
    """ECB+ development articles as plain-text drops (title line, blank line, text); [] if absent."""
    path = SHARED_DATA / "related" / "ecbplus_dev.jsonl"
    if not path.is_file():
        return []
    docs: list[Doc] = []
    clusters: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(docs) >= limit:
                break
            row = json.loads(line)
            text = row["text"]
            title = row.get("title") or ""
            body = text[len(title) :].lstrip() if title and text.startswith(title) else text
            story = clusters.setdefault(row["cluster"], len(clusters))
            data = f"{title}\n\n{body}\n".encode()
            docs.append(Doc(f"ecbplus/{row['id']}.txt", data, None, story, "text"))
    return docs


def conll_texts(limit: int | None = None) -> list[str]:
    """CoNLL-2003 validation documents as plain text (tokens joined by spaces); [] if absent."""
    return conll_file_texts(SHARED_DATA / "ner" / "conll2003" / "valid.txt", limit)


def conll_file_texts(path: Path, limit: int | None = None, max_words: int | None = None) -> list[str]:
    """The documents of a CoNLL-format NER file (``-DOCSTART-`` lines between documents, the
    token in the first column, blank lines between sentences) as plain text: tokens joined by
    spaces, sentences by newlines, as the NER scorer sends them. At most ``limit`` documents,
    and no document once ``max_words`` words are reached; [] if the file is absent."""
    if not path.is_file():
        return []
    docs: list[str] = []
    sentences: list[str] = []
    tokens: list[str] = []
    words = 0

    def full() -> bool:
        return (limit is not None and len(docs) >= limit) or (max_words is not None and words >= max_words)

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("-DOCSTART-"):
                if tokens:
                    sentences.append(" ".join(tokens))
                    tokens = []
                if sentences:
                    docs.append("\n".join(sentences))
                    words += sum(len(s.split()) for s in sentences)
                    sentences = []
                if full():
                    return docs
            elif not line:
                if tokens:
                    sentences.append(" ".join(tokens))
                    tokens = []
            else:
                tokens.append(line.split(None, 1)[0])
    if tokens:
        sentences.append(" ".join(tokens))
    if sentences and not full():
        docs.append("\n".join(sentences))
    return docs


if __name__ == "__main__":  # python bench/corpus.py [N] [OUT_DIR]: write a corpus to look at
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    for doc in generate(count):
        if out:
            target = out / doc.key
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(doc.data)
        print(f"{doc.key:<40} {doc.fmt:<5} story {doc.story:<3} {len(doc.data):>7} bytes")

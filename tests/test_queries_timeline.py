"""Competency questions on the course of the conflict: its timeline, who fought, the losses each side counted,
the Fatalities table, displacement, outcomes, attacks and places. Expected answers are read from the article's
Infobox, Lead, "Background", "Timeline" and "Fatalities" sections (and, for the Lachin corridor and Shusha, from
"2020 ceasefire agreement" and "Turkey")."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal


def _local(iri: str | None) -> str | None:
    return None if iri is None else iri.rsplit("/", 1)[-1]


def _iso(value) -> str | None:
    """A date, gYear or gYearMonth as the text the article's precision gives: 2020, 2020-07 or 2020-09-27."""
    return None if value is None else str(value)


def _when(row: dict) -> tuple[str | None, str | None, str | None]:
    return _iso(row.get("start")), _iso(row.get("end")), _iso(row.get("date"))


def _figure(row: dict, value: str = "value", low: str = "min", high: str = "max") -> tuple:
    return row[value], row[low], row[high]


# --- timeline -------------------------------------------------------------------------------------------------


def test_timeline_dates_each_war_and_major_event_at_the_articles_precision(ask):
    rows = ask("timeline")
    spans: dict[str, set[tuple]] = defaultdict(set)
    for row in rows:
        spans[_local(row["event"])].add(_when(row))
    # "The Second Nagorno-Karabakh War occurred between 27 September and 10 November 2020."
    # Infobox: "Second Nagorno-Karabakh War: 2020"
    assert spans["second-nagorno-karabakh-war"] == {("2020-09-27", "2020-11-10", None), (None, None, "2020")}
    # "Between 1 and 5 April 2016, heavy fighting along the Nagorno-Karabakh frontline left 88 Armenian and
    # 31–92 Azerbaijani soldiers dead."; Lead: "A four-day escalation in April 2016 ..."
    assert spans["clashes-2016"] == {("2016-04-01", "2016-04-05", None), (None, None, "2016-04")}
    # "On 12 December 2022, under the guise of "environmental protests", Azerbaijan launched an illegal blockade of
    # Nagorno-Karabakh."; heading "Blockade of Nagorno-Karabakh (2022–2023)"; Infobox "Blockade of Artsakh: 2022–2023"
    assert spans["blockade-of-nagorno-karabakh"] == {("2022-12-12", "2023", None), ("2022", "2023", None)}
    # "On 19 September 2023, Azerbaijan launched a military offensive on Nagorno-Karabakh."; Lead "In September 2023,
    # Azerbaijan launched a large-scale military offensive"; Infobox "Azerbaijani offensive: 2023"
    assert spans["offensive-2023"] == {("2023-09-19", None, None), (None, None, "2023-09"), (None, None, "2023")}
    # "... an armed conflict that took place in the late 1980s to May 1994" under the heading "(1988–1994)";
    # Infobox "First Nagorno-Karabakh War: 1992–1994"
    assert spans["first-nagorno-karabakh-war"] == {("1988", "1994-05", None), ("1992", "1994", None)}
    expected = {
        # "the first instance of violence in the conflict occurred in October 1987"
        "chardakhly-raid-1987": (None, None, "1987-10"),
        # "On 20 February 1988, the enclave's parliament voted 110-17 in favor of uniting with Armenia."
        "nkao-parliament-vote-1988": (None, None, "1988-02-20"),
        # "The referendum held in 1991 ..."
        "referendum-1991": (None, None, "1991"),
        # "The 2008 Mardakert clashes began on 4 March ..."
        "mardakert-clashes-2008": ("2008-03-04", None, None),
        # "The 2010 Nagorno-Karabakh clash was a scattered exchange of gunfire that took place on 18 February ..."
        "nagorno-karabakh-clash-2010": (None, None, "2010-02-18"),
        # "... continued border clashes ... took place from late April through early June."
        "border-clashes-2012": ("2012-04", "2012-06", None),
        # "On 12 November 2014, the Azerbaijani armed forces shot down a ... helicopter"
        "helicopter-shootdown-2014": (None, None, "2014-11-12"),
        # "Three civilian volunteers were killed in a demining operation in Nagorno-Karabakh on 29 March 2018."
        "demining-operation-2018": (None, None, "2018-03-29"),
        # "2020 saw a number of clashes, particularly heavy in July (July 2020 Armenian–Azerbaijani clashes)."
        "clashes-july-2020": (None, None, "2020-07"),
        # "An ongoing border crisis started on 12 May 2021 ..."
        "border-crisis-2021": ("2021-05-12", None, None),
        # "In August 2021, Azerbaijani forces blockaded southern Armenia (Syunik) ..."
        "blockade-of-syunik-2021": ("2021-08", None, None),
        # "In 2022, three Armenian soldiers were killed and 14 wounded in an attack by Azerbaijani drones in
        # Nagorno-Karabakh on 25 March."
        "drone-attack-nagorno-karabakh-2022-03-25": (None, None, "2022-03-25"),
        # "The largest escalation occurred in September 2022 ..."
        "azerbaijani-attack-on-armenia-september-2022": (None, None, "2022-09"),
        # "Azerbaijan held a meeting with representatives of the Artsakh Armenian community on 21 September in Yevlakh"
        "yevlakh-meeting-2023": (None, None, "2023-09-21"),
        # Infobox: "Artsakh dissolved: 1 January 2024"
        "dissolution-of-artsakh": (None, None, "2024-01-01"),
    }
    for event, span in expected.items():
        assert span in spans[event], (event, spans[event])
    # Nothing is dated more finely than the article: the 2010 Mardakert clashes and the capture of Shusha carry only
    # their year ("The 2010 Mardakert clashes were the deadliest ..."; "Following the capture of Shusha ...").
    assert spans["mardakert-clashes-2010"] == {(None, None, "2010")}
    assert spans["capture-of-shusha-2020"] == {(None, None, "2020")}


def test_timeline_is_in_date_order_with_the_kind_and_parent_of_each_event(ask):
    rows = ask("timeline")
    keys = [str(row["start"] or row["date"] or row["end"]) for row in rows]
    assert keys == sorted(keys)

    def first(event: str, when: tuple) -> int:
        return next(i for i, row in enumerate(rows) if _local(row["event"]) == event and _when(row) == when)

    order = [
        first("first-nagorno-karabakh-war", ("1988", "1994-05", None)),
        first("mardakert-clashes-2008", ("2008-03-04", None, None)),
        first("clashes-2016", ("2016-04-01", "2016-04-05", None)),
        first("second-nagorno-karabakh-war", ("2020-09-27", "2020-11-10", None)),
        first("border-crisis-2021", ("2021-05-12", None, None)),
        first("blockade-of-nagorno-karabakh", ("2022-12-12", "2023", None)),
        first("offensive-2023", ("2023-09-19", None, None)),
        first("dissolution-of-artsakh", (None, None, "2024-01-01")),
    ]
    assert order == sorted(order)
    kinds: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        kinds[_local(row["event"])].add(row["type"])
        parents[_local(row["event"])].add(row["parentLabel"])
    assert kinds["first-nagorno-karabakh-war"] == kinds["second-nagorno-karabakh-war"] == {"war"}
    assert kinds["clashes-2016"] == {"clash"}
    assert kinds["offensive-2023"] == {"offensive"}
    assert kinds["blockade-of-nagorno-karabakh"] == {"blockade"}
    # "Following the capture of Shusha ... a ceasefire agreement was signed" (Second Nagorno-Karabakh War section)
    assert parents["capture-of-shusha-2020"] == {"Second Nagorno-Karabakh War"}
    # The 2016 clashes are told in "Border clashes (2008–2020)"; the Lead puts them in the two decades after 1994.
    assert "Armenian–Azerbaijani border clashes (2008–2020)" in parents["clashes-2016"]
    # "The crisis escalated in July 2021, with clashes taking place on the Armenia–Nakhchivan border ..."
    assert parents["clashes-armenia-nakhchivan-border-july-2021"] == {"Armenia–Azerbaijan border crisis (2021–present)"}
    assert parents["second-nagorno-karabakh-war"] == {"Nagorno-Karabakh conflict"}


def test_events_in_a_period_are_those_that_began_in_it(ask):
    rows = ask("events-in-period", **{"from": Literal("2020"), "to": Literal("2020")})
    assert {(row["from"], row["to"]) for row in rows} == {("2020", "2020")}
    # 2020: "2020 saw a number of clashes, particularly heavy in July"; the war of 27 September – 10 November 2020;
    # "Following the capture of Shusha"; "Two Russian soldiers were also killed when their helicopter was shot down";
    # "an Armenian missile strike on the city of Ganja"; Infobox "Low-intensity conflict: 2020–2023".
    assert {_local(row["event"]) for row in rows} == {
        "clashes-july-2020",
        "second-nagorno-karabakh-war",
        "capture-of-shusha-2020",
        "russian-helicopter-shootdown-2020",
        "ganja-missile-strike-2020",
        "low-intensity-conflict-2020-2023",
    }
    # The border clashes of 2008–2020 and the conflict itself began before 2020.
    assert not {"border-clashes-2008-2020", "low-intensity-conflict-1994-2020"} & {_local(r["event"]) for r in rows}

    rows = ask("events-in-period", **{"from": Literal("2021"), "to": Literal("2023")})
    assert {_local(row["event"]) for row in rows} == {
        "border-crisis-2021",  # "An ongoing border crisis started on 12 May 2021"
        "clashes-armenia-nakhchivan-border-july-2021",  # "The crisis escalated in July 2021"
        "blockade-of-syunik-2021",  # "In August 2021, Azerbaijani forces blockaded southern Armenia (Syunik)"
        "clashes-gegharkunik-kalbajar-november-2021",  # "and in November 2021 in the Gegharkunik–Kalbajar area"
        "drone-attack-nagorno-karabakh-2022-03-25",  # "an attack by Azerbaijani drones ... on 25 March" 2022
        "azerbaijani-attack-on-armenia-september-2022",  # "The largest escalation occurred in September 2022"
        "blockade-of-nagorno-karabakh",  # "On 12 December 2022 ..."
        "offensive-2023",  # "On 19 September 2023, Azerbaijan launched a military offensive"
        "yevlakh-meeting-2023",  # "on 21 September in Yevlakh"
        "azerbaijan-karabakh-armenians-meeting-october-2023",  # "a further meeting took place the following month"
        # Infobox: "Negotiations started between Artsakh and Azerbaijan: 21 September 2023"
        "artsakh-azerbaijan-negotiations-2023",
        "expulsion-of-nagorno-karabakh-armenians",  # "Expulsion of Nagorno-Karabakh Armenians (2023)"
        "disbandment-of-artsakh-defence-army",  # "Disbandment of the Artsakh Defence Army: 2023"
    }
    for row in rows:
        start, _, date = _when(row)
        assert "2021" <= (start or date)[:4] <= "2023", row
    # Artsakh was dissolved on 1 January 2024, outside the period.
    assert "dissolution-of-artsakh" not in {_local(row["event"]) for row in rows}

    rows = ask("events-in-period", **{"from": Literal("1987"), "to": Literal("1991")})
    events = {_local(row["event"]) for row in rows}
    # October 1987 raid on Chardakhly; "A referendum in 1988"; the vote of 20 February 1988; the pogroms that
    # followed; the war from the late 1980s; "Guerrilla warfare: 1988–1991"; "Blockade of Armenia: 1989–present";
    # the referendum "held in 1991".
    assert {
        "chardakhly-raid-1987",
        "referendum-1988",
        "nkao-parliament-vote-1988",
        "pogroms-against-armenians-in-azerbaijan",
        "first-nagorno-karabakh-war",
        "guerrilla-warfare-1988-1991",
        "blockade-of-armenia",
        "referendum-1991",
    } <= events
    assert "second-nagorno-karabakh-war" not in events
    assert ask("events-in-period", **{"from": Literal("2023"), "to": Literal("2020")}) == []


# --- who fought -----------------------------------------------------------------------------------------------


def test_who_fought_in_each_war_clash_and_offensive(ask):
    rows = ask("war-belligerents")
    assert {row["status"] for row in rows} == {"asserted"}
    sides: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for row in rows:
        sides[_local(row["event"])].add((_local(row["party"]), row["role"]))

    def parties(event: str) -> set[str]:
        return {party for party, _ in sides[event]}

    # "... between the majority ethnic Armenians of Nagorno-Karabakh backed by the Republic of Armenia, and the
    # Republic of Azerbaijan."; "Armenia and Azerbaijan ... entangled themselves in a protracted, undeclared war"
    assert {
        ("nagorno-karabakh-armenians", "belligerent"),
        ("armenia", "belligerent"),
        ("azerbaijan", "belligerent"),
    } <= sides["first-nagorno-karabakh-war"]
    # Foreign fighters of 1992–94 ("Foreign fighters" section). Only a subset is asserted: the Chechen militants,
    # Grey Wolves, UNA-UNSO and Ossetian volunteers are curated in foreign-fighters.yaml with foughtFor only.
    assert {
        "afghan-mujahideen",
        "kuban-cossacks",
        "diaspora-armenian-volunteers",
        "armenian-revolutionary-federation",
        "former-asala-members",
        "russian-ukrainian-belorussian-mercenaries",
    } <= parties("first-nagorno-karabakh-war")
    # "Large-scale fighting began ... with an Azerbaijani offensive"; "According to official figures released by the
    # belligerents, Armenia and Artsakh lost 3,825 troops ..."; "The Syrian Observatory for Human Rights reported the
    # deaths of 541 Syrian fighters or mercenaries fighting for Azerbaijan."
    assert sides["second-nagorno-karabakh-war"] == {
        ("azerbaijan", "attacker"),
        ("armenia", "belligerent"),
        ("artsakh", "belligerent"),
        ("syrian-mercenaries", "belligerent"),
    }
    # "... left 88 Armenian and 31–92 Azerbaijani soldiers dead."; "... while Nagorno-Karabakh lost 14 tanks."
    assert parties("clashes-2016") == {"armenia", "azerbaijan", "artsakh"}
    # "On 19 September 2023, Azerbaijan launched a military offensive on Nagorno-Karabakh."; "During the 2023
    # Azerbaijani offensive in Nagorno-Karabakh, over 190 Azerbaijani and 190 Artsakh soldiers were killed."
    assert sides["offensive-2023"] == {("azerbaijan", "attacker"), ("artsakh", "defender")}
    # "... when Azerbaijan initiated its largest attack on the Republic of Armenia ..."
    assert sides["azerbaijani-attack-on-armenia-september-2022"] == {
        ("azerbaijan", "attacker"),
        ("armenia", "defender"),
    }
    # "... when Azerbaijani soldiers crossed several kilometers into Armenia"; "Azerbaijan has made numerous
    # incursions into Armenian territory ..., provoking cross-border fights with Armenia."
    assert sides["border-crisis-2021"] == {
        ("azerbaijani-armed-forces", "attacker"),
        ("azerbaijan", "attacker"),
        ("armenia", "defender"),
    }
    # "... shot down a Nagorno-Karabakh Defense Army Mil Mi-24 helicopter"
    assert sides["helicopter-shootdown-2014"] == {
        ("azerbaijani-armed-forces", "attacker"),
        ("artsakh-defence-army", "defender"),
    }
    # "... on the line of contact dividing Azerbaijani and the Karabakh Armenian military forces."
    assert parties("nagorno-karabakh-clash-2010") == {"azerbaijani-armed-forces", "artsakh-defence-army"}
    # "... continued border clashes between the armed forces of Armenia and Azerbaijan ..."
    assert parties("border-clashes-2012") == {"armenian-armed-forces", "azerbaijani-armed-forces"}
    # "the heaviest fighting between ethnic Armenian and Azerbaijani forces": which Armenian force is not said,
    # so only that one of them is there.
    assert "azerbaijani-armed-forces" in parties("mardakert-clashes-2008")
    assert parties("mardakert-clashes-2008") & {"armenian-armed-forces", "artsakh-defence-army"}


# --- losses ---------------------------------------------------------------------------------------------------


def test_losses_each_side_reported_for_itself(ask):
    rows = ask("losses-by-own-count")
    figures = {
        (_local(r["event"]), _local(r["side"]), r["casualty"], r["group"], r["value"], r["min"], r["max"]) for r in rows
    }
    first, between, second = (
        "first-nagorno-karabakh-war",
        "low-intensity-conflict-1994-2020",
        "second-nagorno-karabakh-war",
    )
    assert figures == {
        # "Azerbaijan stated 11,557 of its soldiers were killed ..."
        (first, "azerbaijan", "killed", "soldiers", 11557, None, None),
        # "Azerbaijan stated 398 of its soldiers and 31 civilians were killed between 1994 and up to September 2020"
        (between, "azerbaijan", "killed", "soldiers", 398, None, None),
        (between, "azerbaijan", "killed", "civilians", 31, None, None),
        # "According to Azerbaijan, the fighting left 2,906 Azerbaijani soldiers and 100 civilians dead, while six
        # servicemen were still missing."; "Azerbaijan claimed 2,906 of their troops were killed, with 6 missing"
        (second, "azerbaijan", "killed", "soldiers", 2906, None, None),
        (second, "azerbaijan", "killed", "civilians", 100, None, None),
        (second, "azerbaijan", "missing", "soldiers", 6, None, None),
        # "Armenian authorities stated the fighting had left 3,825 Armenian soldiers and 85 civilians dead, while 187
        # servicemen and 21 civilians were still missing."
        (second, "armenia", "killed", "soldiers", 3825, None, None),
        (second, "armenia", "killed", "civilians", 85, None, None),
        (second, "armenia", "missing", "soldiers", 187, None, None),
        (second, "armenia", "missing", "civilians", 21, None, None),
    }
    periods = {(_local(r["event"]), _local(r["side"]), r["value"]): _when(r) for r in rows if r["group"] == "soldiers"}
    assert periods[(first, "azerbaijan", 11557)] == ("1988", "1994", None)
    assert periods[(between, "azerbaijan", 398)] == ("1994", "2020-09", None)
    own_2020 = {_when(r) for r in rows if _local(r["event"]) == second}
    assert own_2020 == {("2020-09-27", "2020-11-10", None), (None, None, "2020")}


def test_losses_of_the_second_war_by_side_and_source(ask):
    rows = ask("losses")  # default event: the Second Nagorno-Karabakh War
    assert {_local(row["event"]) for row in rows} == {"second-nagorno-karabakh-war"}
    by: dict[tuple, set[tuple]] = defaultdict(set)
    for row in rows:
        by[(_local(row["side"]), row["casualty"], row["group"])].add((*_figure(row), row["accordingTo"]))
    # "Azerbaijan claimed 2,906 of their troops were killed"; "According to Azerbaijan ... 2,906 Azerbaijani soldiers"
    assert by[("azerbaijan", "killed", "soldiers")] == {(2906, None, None, "Azerbaijan")}
    assert by[("azerbaijan", "killed", "civilians")] == {(100, None, None, "Azerbaijan")}
    # "According to official figures released by the belligerents, Armenia and Artsakh lost 3,825 troops";
    # "Armenian authorities stated the fighting had left 3,825 Armenian soldiers ..."
    assert by[("armenia", "killed", "soldiers")] == {
        (3825, None, None, "Armenia"),
        (3825, None, None, "Republic of Artsakh"),
    }
    # "the whereabouts of 21 Armenian civilians remain unknown"; "... while 187 servicemen and 21 civilians were still
    # missing" (Armenian authorities).
    assert by[("armenia", "missing", "civilians")] == {(21, None, None, None), (21, None, None, "Armenia")}
    # "The Syrian Observatory for Human Rights reported the deaths of 541 Syrian fighters or mercenaries"
    assert by[("syrian-mercenaries", "killed", "soldiers")] == {
        (541, None, None, "Syrian Observatory for Human Rights")
    }
    # "The total number of reported civilian fatalities on both sides was at least 185"; "... thousands were killed,
    # primarily soldiers, but also an estimated two hundred civilians."
    assert by[("both-sides", "killed", "civilians")] == {(None, 185, None, None), (200, None, None, None)}
    approximate = {(r["value"], r["approximate"]) for r in rows if _local(r["side"]) == "both-sides" and r["value"]}
    assert approximate == {(200, True)}


def test_losses_of_the_first_war_keep_ranges_sources_and_missing(ask):
    rows = ask("losses", event="first-nagorno-karabakh-war")
    by: dict[tuple, set[tuple]] = defaultdict(set)
    for row in rows:
        by[(_local(row["side"]), row["casualty"], row["group"])].add((*_figure(row), row["accordingTo"]))
    # "Azerbaijan stated 11,557 of its soldiers were killed, while Western and Russian estimates of dead combatants on
    # the Azerbaijani side were 25,000–30,000."
    assert by[("azerbaijan", "killed", "soldiers")] == {
        (11557, None, None, "Azerbaijan"),
        (None, 25000, 30000, "Western estimates"),
        (None, 25000, 30000, "Russian estimates"),
    }
    # "Armenian military fatalities were reported to be between 5,856 and 6,000, while 1,264 Armenian civilians were
    # also killed. Another 196 Armenian soldiers and 400 civilians were missing."
    assert by[("armenia", "killed", "soldiers")] == {(None, 5856, 6000, None)}
    assert by[("armenia", "killed", "civilians")] == {(1264, None, None, None)}
    assert by[("armenia", "missing", "soldiers")] == {(196, None, None, None)}
    assert by[("armenia", "missing", "civilians")] == {(400, None, None, None)}
    # "4,210 Azerbaijani soldiers and 749 civilians were also missing."
    assert by[("azerbaijan", "missing", "soldiers")] == {(4210, None, None, None)}
    assert by[("azerbaijan", "missing", "civilians")] == {(749, None, None, None)}
    # "An estimated 28,000–38,000 people were killed between 1988 and 1994."; Infobox "28,000–38,000 killed"
    assert by[("both-sides", "killed", "people")] == {(None, 28000, 38000, None)}
    # "According to the Union of Relatives of the Artsakh War Missing in Action Soldiers, as of 2014, 239 Karabakhi
    # soldiers remain officially unaccounted for."
    union = "Union of Relatives of the Artsakh War Missing in Action Soldiers"
    assert by[("artsakh", "missing", "soldiers")] == {(239, None, None, union)}
    # "An estimated 353,000 Armenians from Azerbaijan and 500,000 Azerbaijanis ... were displaced"
    assert by[("armenians-of-azerbaijan", "displaced", "people")] == {(353000, None, None, None)}
    assert by[("azerbaijani-refugees", "displaced", "people")] == {(500000, None, None, None)}


def test_losses_of_the_2016_clashes_and_the_2023_offensive(ask):
    rows = ask("losses", event="clashes-2016")
    by: dict[tuple, set[tuple]] = defaultdict(set)
    for row in rows:
        if row["casualty"]:
            by[(_local(row["side"]), row["casualty"], row["group"])].add(_figure(row))
    # Timeline: "... left 88 Armenian and 31–92 Azerbaijani soldiers dead. One Armenian and three Azerbaijani soldiers
    # were also missing. In addition, 10 civilians (six Azerbaijani and four Armenian) were also killed."
    # Fatalities: "... left 91 Armenian (11 non-combat) and 94 Azerbaijani soldiers dead, with two missing. In
    # addition, 15 civilians (nine Armenians and six Azerbaijanis) were killed." The two accounts are both kept.
    assert by[("armenia", "killed", "soldiers")] == {(88, None, None), (91, None, None)}
    assert by[("azerbaijan", "killed", "soldiers")] == {(None, 31, 92), (94, None, None)}
    assert by[("armenia", "missing", "soldiers")] == {(1, None, None)}
    assert by[("azerbaijan", "missing", "soldiers")] == {(3, None, None)}
    assert by[("both-sides", "missing", "soldiers")] == {(2, None, None)}
    assert by[("armenia", "killed", "civilians")] == {(4, None, None), (9, None, None)}
    assert by[("azerbaijan", "killed", "civilians")] == {(6, None, None)}
    assert by[("both-sides", "killed", "civilians")] == {(15, None, None)}
    assert {_when(row) for row in rows} == {("2016-04-01", "2016-04-05", None)}

    rows = ask("losses", event="offensive-2023")
    # "... over 190 Azerbaijani and 190 Artsakh soldiers were killed. 5 Russian peacekeepers were also killed."
    assert {(_local(r["side"]), r["casualty"], r["group"], *_figure(r)) for r in rows} == {
        ("azerbaijan", "killed", "soldiers", None, 190, None),
        ("artsakh", "killed", "soldiers", None, 190, None),
        ("russia", "killed", "soldiers", 5, None, None),
    }


# --- the Fatalities table -------------------------------------------------------------------------------------

# The table of section "1994–2019", by (year, side, group): (value, min, max). "N/A" cells give nothing; "4+" is
# at least 4; "108–112" is the range 108 to 112.
FATALITIES_TABLE = {
    # | 2008 | N/A | N/A | 30 soldiers |
    ("2008", "both-sides", "soldiers"): (30, None, None),
    # | 2009 | N/A | N/A | 19 soldiers |
    ("2009", "both-sides", "soldiers"): (19, None, None),
    # | 2010 | 7 soldiers | 18 soldiers | 25 soldiers |
    ("2010", "armenia", "soldiers"): (7, None, None),
    ("2010", "azerbaijan", "soldiers"): (18, None, None),
    ("2010", "both-sides", "soldiers"): (25, None, None),
    # | 2011 | 10 soldiers | 4+ soldiers, 1 civilian | 14+ soldiers, 1 civilian |
    ("2011", "armenia", "soldiers"): (10, None, None),
    ("2011", "azerbaijan", "soldiers"): (None, 4, None),
    ("2011", "azerbaijan", "civilians"): (1, None, None),
    ("2011", "both-sides", "soldiers"): (None, 14, None),
    ("2011", "both-sides", "civilians"): (1, None, None),
    # | 2012 | 14 soldiers | 20 soldiers | 34 soldiers |
    ("2012", "armenia", "soldiers"): (14, None, None),
    ("2012", "azerbaijan", "soldiers"): (20, None, None),
    ("2012", "both-sides", "soldiers"): (34, None, None),
    # | 2013 | 7 soldiers | 12 soldiers | 19 soldiers |
    ("2013", "armenia", "soldiers"): (7, None, None),
    ("2013", "azerbaijan", "soldiers"): (12, None, None),
    ("2013", "both-sides", "soldiers"): (19, None, None),
    # | 2014 | 27 soldiers, 6 civilians | 37 soldiers, 2 civilians | 64 soldiers, 8 civilians |
    ("2014", "armenia", "soldiers"): (27, None, None),
    ("2014", "armenia", "civilians"): (6, None, None),
    ("2014", "azerbaijan", "soldiers"): (37, None, None),
    ("2014", "azerbaijan", "civilians"): (2, None, None),
    ("2014", "both-sides", "soldiers"): (64, None, None),
    ("2014", "both-sides", "civilians"): (8, None, None),
    # | 2015 | 42 soldiers, 5 civilians | 64 soldiers | 77 soldiers, 5 civilians |
    ("2015", "armenia", "soldiers"): (42, None, None),
    ("2015", "armenia", "civilians"): (5, None, None),
    ("2015", "azerbaijan", "soldiers"): (64, None, None),
    ("2015", "both-sides", "soldiers"): (77, None, None),
    ("2015", "both-sides", "civilians"): (5, None, None),
    # | 2016 | 108–112 soldiers, 9 civilians | 109 soldiers, 6 civilians | 217–221 soldiers, 15 civilians |
    ("2016", "armenia", "soldiers"): (None, 108, 112),
    ("2016", "armenia", "civilians"): (9, None, None),
    ("2016", "azerbaijan", "soldiers"): (109, None, None),
    ("2016", "azerbaijan", "civilians"): (6, None, None),
    ("2016", "both-sides", "soldiers"): (None, 217, 221),
    ("2016", "both-sides", "civilians"): (15, None, None),
    # | 2017 | 22 soldiers | 19 soldiers | 41 soldiers |
    ("2017", "armenia", "soldiers"): (22, None, None),
    ("2017", "azerbaijan", "soldiers"): (19, None, None),
    ("2017", "both-sides", "soldiers"): (41, None, None),
    # | 2018 | 5–7 soldiers | 6 soldiers | 11–13 soldiers |
    ("2018", "armenia", "soldiers"): (None, 5, 7),
    ("2018", "azerbaijan", "soldiers"): (6, None, None),
    ("2018", "both-sides", "soldiers"): (None, 11, 13),
    # | 2019 | 4 soldiers | 6+ soldiers | 10+ soldiers |
    ("2019", "armenia", "soldiers"): (4, None, None),
    ("2019", "azerbaijan", "soldiers"): (None, 6, None),
    ("2019", "both-sides", "soldiers"): (None, 10, None),
}


def test_fatalities_table_rows_per_year_and_side_with_ranges_kept(ask):
    rows = ask("fatalities-by-year")
    table: dict[tuple, set[tuple]] = defaultdict(set)
    for row in rows:
        if row["quote"].startswith("| "):  # a row of the Fatalities table, quoted as it stands
            assert row["quote"].startswith(f"| {row['year']} |"), row
            table[(row["year"], _local(row["side"]), row["group"])].add(_figure(row))
    assert table == {key: {figure} for key, figure in FATALITIES_TABLE.items()}
    years = [row["year"] for row in rows]
    assert years == sorted(years)


def test_yearly_figures_outside_the_table(ask):
    rows = ask("fatalities-by-year")
    by_year: dict[str, set[tuple]] = defaultdict(set)
    for row in rows:
        by_year[row["year"]].add((_local(row["side"]), row["group"], *_figure(row), row["accordingTo"]))
    # "... although 167–763 were killed on one day in 1992 by the Republic of Nagorno-Karabakh's forces."
    assert by_year["1992"] == {("azerbaijan", "civilians", None, 167, 763, None)}
    # "With 72 deaths in 2014, the year became the bloodiest since the war had ended."
    assert ("both-sides", "people", 72, None, None, None) in by_year["2014"]
    # "In addition, at least 64 Azerbaijani soldiers also died, according to Armenian sources." (2015)
    assert ("azerbaijan", "soldiers", None, 64, None, "Armenia") in by_year["2015"]
    # "In all during the year, 10 Armenian soldiers were killed." (2011); "In all during 2012, approximately 20
    # Azerbaijani and 14 Armenian soldiers were killed."; "Throughout 2013, 12 Azerbaijani and 7 Armenian soldiers"
    assert ("armenia", "soldiers", 10, None, None, None) in by_year["2011"]
    assert {("azerbaijan", "soldiers", 20, None, None, None), ("armenia", "soldiers", 14, None, None, None)} <= by_year[
        "2012"
    ]
    # "Twelve Azerbaijani civilians and two soldiers were killed in 2021 by landmine explosions. Seventeen Armenian and
    # ten Azerbaijani soldiers were also killed in shoot-outs in the border area"
    assert by_year["2021"] == {
        ("azerbaijan", "civilians", 12, None, None, None),
        ("azerbaijan", "soldiers", 2, None, None, None),
        ("armenia", "soldiers", 17, None, None, None),
        ("azerbaijan", "soldiers", 10, None, None, None),
    }
    # Infobox "7,717 killed (2020)"; Armenia's and Azerbaijan's own figures for the 2020 war
    assert ("both-sides", "people", 7717, None, None, None) in by_year["2020"]
    assert ("azerbaijan", "soldiers", 2906, None, None, "Azerbaijan") in by_year["2020"]
    assert ("armenia", "soldiers", 3825, None, None, "Armenia") in by_year["2020"]
    # "N/A" for each side in 2008 and 2009: no per-side figure.
    for year in ("2008", "2009"):
        assert {side for side, *_ in by_year[year]} == {"both-sides"}


def test_azerbaijans_own_figures_disagree_with_other_estimates(ask):
    rows = ask("disagreeing-figures")
    pairs = {
        (
            r["eventLabel"],
            r["sideLabel"],
            r["casualty"],
            r["group"],
            r["sourceA"],
            *_figure(r, "valueA", "minA", "maxA"),
            r["sourceB"],
            *_figure(r, "valueB", "minB", "maxB"),
        )
        for r in rows
    }
    first, between = "First Nagorno-Karabakh War", "Low-intensity conflict (1994–2020)"
    assert pairs == {
        # "Azerbaijan stated 11,557 of its soldiers were killed, while Western and Russian estimates of dead
        # combatants on the Azerbaijani side were 25,000–30,000."
        (
            first,
            "Azerbaijan",
            "killed",
            "soldiers",
            "Azerbaijan",
            11557,
            None,
            None,
            "Western estimates",
            None,
            25000,
            30000,
        ),
        (
            first,
            "Azerbaijan",
            "killed",
            "soldiers",
            "Azerbaijan",
            11557,
            None,
            None,
            "Russian estimates",
            None,
            25000,
            30000,
        ),
        # "Azerbaijan stated 398 of its soldiers and 31 civilians were killed between 1994 and up to September 2020
        # ... In comparison, the Caspian Defense Studies Institute NGO reported 1,008 Azerbaijani soldiers and more
        # than 90 civilians were killed between 1994 and 2016."
        (
            between,
            "Azerbaijan",
            "killed",
            "soldiers",
            "Azerbaijan",
            398,
            None,
            None,
            "Caspian Defense Studies Institute",
            1008,
            None,
            None,
        ),
        (
            between,
            "Azerbaijan",
            "killed",
            "civilians",
            "Azerbaijan",
            31,
            None,
            None,
            "Caspian Defense Studies Institute",
            None,
            90,
            None,
        ),
    }


def test_displaced_and_expelled_people(ask):
    rows = ask("displaced-people")
    figures = {
        (_local(r["population"]), _local(r["event"]), r["casualty"], *_figure(r), r["approximate"]) for r in rows
    }
    assert figures == {
        # "An estimated 353,000 Armenians from Azerbaijan and 500,000 Azerbaijanis from Armenia and Nagorno-Karabakh
        # were displaced as a result of the conflict."
        ("armenians-of-azerbaijan", "first-nagorno-karabakh-war", "displaced", 353000, None, None, True),
        ("azerbaijani-refugees", "first-nagorno-karabakh-war", "displaced", 500000, None, None, True),
        # "Subsequently, over 100,000 ethnic Armenian inhabitants of Nagorno-Karabakh were expelled from the region."
        (
            "nagorno-karabakh-armenians",
            "expulsion-of-nagorno-karabakh-armenians",
            "expelled",
            None,
            100000,
            None,
            False,
        ),
    }
    expelled = next(r for r in rows if r["casualty"] == "expelled")
    assert _when(expelled) == (None, None, "2023")


# --- outcomes, participants, attacks --------------------------------------------------------------------------


def test_how_the_wars_clashes_and_offensive_ended(ask):
    rows = ask("outcomes")
    facts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        if row["status"] == "asserted":
            facts[(row["relation"], _local(row["object"]))].add(_local(row["subject"]))
    # "The war was won by Artsakh and Armenia"; Infobox "Armenian victory: 1994"
    assert facts[("won", "first-nagorno-karabakh-war")] == {"artsakh", "armenia"}
    # "... a significant Azerbaijani victory."; "Azerbaijani victory: 2020"; "Azerbaijani victory: 2023"
    assert facts[("won", "second-nagorno-karabakh-war")] == {"azerbaijan"}
    assert facts[("won", "offensive-2023")] == {"azerbaijan"}
    # "... with both sides declaring victory": two claims, no asserted winner of the 2008 Mardakert clashes.
    assert ("won", "mardakert-clashes-2008") not in facts
    claims = {(_local(r["subject"]), r["accordingTo"]) for r in rows if _local(r["object"]) == "mardakert-clashes-2008"}
    assert claims == {
        ("armenian-armed-forces", "Armed Forces of Armenia"),
        ("azerbaijani-armed-forces", "Azerbaijani Armed Forces"),
    }
    # "A Russian-brokered ceasefire was signed in May 1994"; "The ceasefire ending the war, signed in 1994 in Bishkek"
    assert facts[("ended", "first-nagorno-karabakh-war")] == {"bishkek-protocol"}
    # "... a ceasefire agreement was signed, ending all hostilities in the area from 10 November 2020."
    assert facts[("ended", "second-nagorno-karabakh-war")] == {"ceasefire-2020"}
    # "One day after the offensive started, on 20 September, an agreement on establishing a complete cessation of
    # hostilities in Nagorno-Karabakh was reached"
    assert facts[("ended", "offensive-2023")] == {"ceasefire-2023"}
    dates = defaultdict(set)
    for row in rows:
        dates[(_local(row["subject"]), row["relation"], _local(row["object"]))].add(_when(row)[2])
    assert dates[("bishkek-protocol", "ended", "first-nagorno-karabakh-war")] == {"1994", "1994-05"}
    assert "2020-11-10" in dates[("ceasefire-2020", "ended", "second-nagorno-karabakh-war")]
    assert dates[("ceasefire-2023", "ended", "offensive-2023")] == {"2023-09-20"}
    # "... and led to occupation of regions around Soviet-era Nagorno-Karabakh."
    assert facts[("resulted in", "occupation-of-territories-surrounding-nagorno-karabakh")] == {
        "first-nagorno-karabakh-war"
    }
    # "Following the military offensive, Azerbaijan expelled the entire Armenian population, dissolved the government
    # of Artsakh, and incorporated Nagorno-Karabakh into Azerbaijan."
    assert facts[("resulted in", "expulsion-of-nagorno-karabakh-armenians")] == {"offensive-2023"}
    assert facts[("dissolved", "government-of-artsakh")] == {"azerbaijan"}
    # "The referendum resulted in the unrecognized Republic of Nagorno-Karabakh."
    assert facts[("resulted in", "artsakh")] == {"referendum-1991"}


def test_participants_of_the_second_war_the_2023_offensive_and_the_blockade(ask):
    def roles(event: str | None = None) -> set[tuple]:
        rows = ask("event-participants", event=event) if event else ask("event-participants")
        assert {row["status"] for row in rows} == {"asserted"}
        return {(_local(row["party"]), row["relation"], row["role"]) for row in rows}

    # Default event: the Second Nagorno-Karabakh War. "... with an Azerbaijani offensive"; "Armenia and Artsakh
    # lost 3,825 troops"; "541 Syrian fighters or mercenaries fighting for Azerbaijan"; "Numerous countries and the
    # United Nations strongly condemned the fighting"; "a ceasefire agreement was signed, ending all hostilities";
    # "a significant Azerbaijani victory".
    assert roles() == {
        ("azerbaijan", "belligerent in", "attacker"),
        ("azerbaijan", "won", None),
        ("armenia", "belligerent in", "belligerent"),
        ("artsakh", "belligerent in", "belligerent"),
        ("syrian-mercenaries", "belligerent in", "belligerent"),
        ("united-nations", "condemned", None),
        ("ceasefire-2020", "ended", None),
    }
    assert roles("offensive-2023") == {
        ("azerbaijan", "belligerent in", "attacker"),
        ("azerbaijan", "won", None),
        ("artsakh", "belligerent in", "defender"),
        ("ceasefire-2023", "ended", None),
    }
    blockade = roles("blockade-of-nagorno-karabakh")
    # "Azerbaijan launched an illegal blockade"; "The Azerbaijani government sent citizens claiming to be
    # "eco-activists" to block the Lachin corridor"
    assert {(party, relation) for party, relation, _ in blockade if relation == "participated in"} == {
        ("azerbaijan", "participated in"),
        ("eco-activists", "participated in"),
    }
    # "... human rights organizations and scholars specializing in genocide studies have warned of genocide risk
    # factors."; Laurence Broers: "the blockade ... vindicates the worst fears". (The unnamed "politicians" of the
    # Political status section have no entity, so the set of critics is checked from below.)
    critics = {party for party, relation, _ in blockade if relation == "criticised"}
    assert {"human-rights-organisations", "genocide-scholars", "laurence-broers"} <= critics


def test_who_attacked_whom_and_when(ask):
    rows = ask("attacks")
    assert {row["relation"] for row in rows} == {"attacked"}
    attacks = {(_local(r["subject"]), _local(r["object"]), *_when(r)) for r in rows if r["status"] == "asserted"}
    expected = {
        # "... an Azerbaijani official "punished" the Armenian-populated village of Chardakhly with a raid"
        ("soviet-azerbaijan", "chardakhly", None, None, "1987-10"),
        # "... 167–763 were killed on one day in 1992 by the Republic of Nagorno-Karabakh's forces."
        ("artsakh-defence-army", "azerbaijanis", None, None, "1992"),
        # "On 12 November 2014, the Azerbaijani armed forces shot down a Nagorno-Karabakh Defense Army ... helicopter"
        ("azerbaijani-armed-forces", "artsakh-defence-army", None, None, "2014-11-12"),
        # "... a 13-year-old Russian citizen was killed during an Armenian missile strike on the city of Ganja."
        ("armenia", "ganja", None, None, "2020"),
        # "Following the end of the Second Nagorno-Karabakh War, Azerbaijan has made numerous incursions into Armenian
        # territory"
        ("azerbaijan", "armenia", "2020-11", None, None),
        # "... started on 12 May 2021, when Azerbaijani soldiers crossed several kilometers into Armenia"
        ("azerbaijani-armed-forces", "armenia", None, None, "2021-05-12"),
        # "Since Azerbaijan's offensives ... residents have been targeted"
        ("azerbaijan", "armenian-border-communities", "2021-05", None, None),
        # "... three Armenian soldiers were killed and 14 wounded in an attack by Azerbaijani drones ... on 25 March."
        ("azerbaijani-armed-forces", "armenian-armed-forces", None, None, "2022-03-25"),
        # "... in September 2022, when Azerbaijan initiated its largest attack on the Republic of Armenia"
        ("azerbaijan", "armenia", None, None, "2022-09"),
        # "Between 2022 and 2023, Azerbaijan escalated its blockade ... and targeting agricultural workers."
        ("azerbaijan", "nagorno-karabakh-agricultural-workers", "2022", "2023", None),
        # "On 19 September 2023, Azerbaijan launched a military offensive on Nagorno-Karabakh."
        ("azerbaijan", "nagorno-karabakh", None, None, "2023-09-19"),
    }
    # The article names no target of the Azerbaijani offensive of 27 September 2020 ("along the line of contact"),
    # so the expected attacks are checked from below rather than as the whole answer.
    assert expected <= attacks
    # "Two Russian soldiers were also killed when their helicopter was shot down by Azerbaijan by accident": an
    # accident, not an attack on Russia.
    assert not {target for _, target, *_ in attacks if target in {"russia", "russian-armed-forces"}}
    # Stuart Kaufman and Thomas de Waal both date the raid on Chardakhly.
    raid = {r["accordingTo"] for r in rows if _local(r["object"]) == "chardakhly"}
    assert raid == {"Stuart Kaufman", "Thomas de Waal"}


# --- places ---------------------------------------------------------------------------------------------------


def test_what_happened_in_the_lachin_corridor(ask):
    rows = ask("events-in-place", place="lachin-corridor")
    assert {_local(row["place"]) for row in rows} == {"lachin-corridor"}
    assert {row["status"] for row in rows} == {"asserted"}
    found = {(_local(r["what"]), r["relation"], r["actorLabel"], *_when(r)) for r in rows}
    assert found == {
        # "The peacekeepers were also given mandate over the Lachin corridor" (2020 ceasefire agreement)
        ("lachin-corridor", "deployed to", "Russian peacekeepers", None, None, "2020"),
        # "The Azerbaijani government sent citizens claiming to be "eco-activists" to block the Lachin corridor"
        # (from "12 December 2022")
        ("lachin-corridor", "blockaded", "Azerbaijan", "2022-12-12", None, None),
        ("lachin-corridor", "blockaded", 'Azerbaijani "eco-activists"', "2022-12-12", None, None),
        # "From 26 March to 30 September 2023, the Azerbaijani government consolidated its blockade: ... blocked the
        # old section of the Lachin corridor, and installed a checkpoint at the new section."
        ("lachin-corridor-old-section", "blockaded", "Azerbaijan", "2023-03-26", "2023-09-30", None),
        ("lachin-corridor", "part of", "Old section of the Lachin corridor", None, None, None),
        ("lachin-corridor", "part of", "New section of the Lachin corridor", None, None, None),
        # The blockade of Nagorno-Karabakh was imposed on the corridor (undated statement).
        ("blockade-of-nagorno-karabakh", "located in", None, None, None, None),
    }
    firsts = [_local(r["what"]) + "/" + r["relation"] for r in rows[:4]]
    assert firsts == [
        "lachin-corridor/deployed to",
        "lachin-corridor/blockaded",
        "lachin-corridor/blockaded",
        "lachin-corridor-old-section/blockaded",
    ]


def test_what_happened_in_shusha(ask):
    rows = ask("events-in-place", place="shusha")
    events = [(_local(r["what"]), _when(r)[2]) for r in rows if r["relation"] == "located in"]
    # In date order: "... led to the massacre and displacement of Shusha's Armenian population" (after the
    # ultimatum of early 1920); "Basayev famously participated in the battle of Shusha in 1992"; "Following the
    # capture of Shusha"; "Civilian areas ... were hit, particularly ... Shushi" in the 2020 war.
    assert events == [
        ("shusha-massacre-1920", "1920"),
        ("battle-of-shusha-1992", "1992"),
        ("capture-of-shusha-2020", "2020"),
        ("second-nagorno-karabakh-war", "2020"),
    ]
    done = {(r["relation"], r["actorLabel"], *_when(r)) for r in rows if r["relation"] != "located in"}
    # "... a city that Azerbaijan captured during the Second Nagorno-Karabakh War"; "Azerbaijan also retained control
    # over one-third of Nagorno-Karabakh proper that it had captured during the war: including Shusha and Hadrut."
    assert done == {
        ("captured", "Azerbaijan", None, None, "2020"),
        ("controlled", "Azerbaijan", "2020", None, None),
    }


def test_parameters_are_bound_not_pasted(ask):
    hostile = Literal('2020") || true || ("')
    assert ask("events-in-period", **{"from": hostile, "to": hostile}) == []
    assert ask("events-in-place", place="no-such-place") == []

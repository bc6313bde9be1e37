"""Build the example portfolios: one per region, realistic but fictitious.

Run ``python examples/build_examples.py`` to write ``examples/midden-gelderland.json`` and
``examples/noord-holland.json`` again; ``tests/test_examples.py`` checks that the committed files
are exactly what this script builds.

Every organisation, KvK number and contract here is made up; candidates are initials only. The
contracts were awarded in 2024, so Midden-Gelderland values them with its table V05 (in force from
2023-04-01) and Noord-Holland with its provisional table. Between them the portfolios show what
a team monitors in practice: placements with a correction, an extension, an early exit and a
permanent-contract bonus; a rejected and a withdrawn proposal; a proposal still waiting for
review; purchases from a sheltered (SW) company and a PSO-certified company; projects valued by
hours and by an agreed amount; an amendment of the contract value; and a placement whose signed
agreement is still missing.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import sroi
from sroi.lifecycle import (
    AgreePlan,
    AmendContract,
    ApplyBonus,
    Approve,
    ContactPerson,
    ContractHistory,
    CorrectPlacement,
    CorrectPurchase,
    Event,
    ExtendPlacement,
    ProposePlacement,
    ProposeProject,
    ProposePurchase,
    RecordEvidence,
    Reject,
    ReportEarlyExit,
    RequestChanges,
    Resubmit,
    Role,
    Withdraw,
    apply_all,
    register,
)

HERE = pathlib.Path(__file__).resolve().parent
D = dt.date
C = Role.CONTRACTOR
SR = Role.SR_COORDINATOR
BUYER = Role.BUYER
START = sroi.EvidenceKind.STARTING_POSITION
SIGNED = sroi.EvidenceKind.SIGNED_AGREEMENT


def evidence(start: dt.date, signed: dt.date | None, source: str) -> tuple[sroi.EvidenceItem, ...]:
    """The starting-position document (and the signed agreement, when there is one)."""
    items = [sroi.EvidenceItem(START, source, start)]
    if signed is not None:
        items.append(sroi.EvidenceItem(SIGNED, "signed employment agreement", signed))
    return tuple(items)


def placement(  # noqa: PLR0917 - a compact builder for the examples
    initials: str,
    target_group: str,
    born: dt.date,
    block: str,
    first: dt.date,
    last: dt.date,
    hours: str,
    kind: sroi.PlacementKind = sroi.PlacementKind.JOB,
) -> sroi.Placement:
    """A candidate placed under ``block`` from ``first`` to ``last``."""
    return sroi.Placement(
        sroi.Candidate(initials, target_group, born),
        kind,
        block,
        sroi.Period(first, last),
        Decimal(hours),
    )


def propose(on: dt.date, item: sroi.Placement, *proof: sroi.EvidenceItem) -> ProposePlacement:
    """The contractor proposes a placement, with the evidence it already has."""
    return ProposePlacement(recorded_on=on, role=C, placement=item, evidence=proof)


def approve(on: dt.date, item_id: str) -> Approve:
    """The SR coordinator approves an item."""
    return Approve(recorded_on=on, role=SR, item_id=item_id)


def purchase(  # noqa: PLR0917 - a compact builder for the examples
    on: dt.date,
    supplier: sroi.Organisation,
    category: str,
    invoice_date: dt.date,
    amount: str,
    reference: str,
) -> ProposePurchase:
    """The contractor proposes a purchase from a social enterprise."""
    bought = sroi.SocialPurchase(supplier, category, invoice_date, Decimal(amount), reference)
    return ProposePurchase(recorded_on=on, role=C, purchase=bought)


def project(
    on: dt.date,
    description: str,
    period: sroi.Period,
    block: str,
    *,
    hours: str | None = None,
    agreed: str | None = None,
) -> ProposeProject:
    """The contractor proposes an SR project: hours at the region's rate, or an agreed amount."""
    done = sroi.SrProject(
        description,
        period,
        block,
        hours=None if hours is None else Decimal(hours),
        agreed_amount=None if agreed is None else Decimal(agreed),
    )
    return ProposeProject(recorded_on=on, role=C, project=done)


def history(
    contract: sroi.Contract, registered: dt.date, events: list[Event], *contacts: ContactPerson
) -> ContractHistory:
    """Register ``contract`` and apply ``events``, checked against the region's rules."""
    rules = sroi.rules_for(contract)
    started = register(contract, recorded_on=registered, contacts=contacts, rules=rules)
    return apply_all(started, events, rules=rules)


# --- Midden-Gelderland ---------------------------------------------------------------------------

RIJNSTEDE = sroi.Organisation("Gemeente Rijnstede (fictief)")
GROEN = sroi.Organisation(
    "Groenvoorziening De Linge B.V.",
    kvk="90000011",
    locations=(sroi.Location("Vestiging Rijnstede", city="Rijnstede"),),
)
BOUW = sroi.Organisation("Bouwcombinatie Rijnwaard B.V.", kvk="90000012")
SCHOON = sroi.Organisation("Schoonmaakbedrijf Veluwezoom B.V.", kvk="90000013")
WERKBEDRIJF = sroi.Organisation("Werkbedrijf Rijnstede", kvk="90000021")
DRUKKERIJ = sroi.Organisation("Drukkerij Anders Werkt B.V.", kvk="90000022")


def _mg_green() -> ContractHistory:
    """Three years of green maintenance: most kinds of contribution, one amendment."""
    contract = sroi.Contract(
        "MG-2024-001",
        "Onderhoud openbaar groen Rijnstede 2024-2027",
        sroi.Period(D(2024, 4, 1), D(2027, 3, 31)),
        GROEN,
        value_excl_vat=Decimal("2400000.00"),
        sr_percentage=Decimal(5),
        award_date=D(2024, 2, 15),
        region="midden-gelderland",
        buyer=RIJNSTEDE,
        description="Maaien, snoeien en beplanting in alle wijken; drie jaar met optie.",
    )
    events: list[Event] = [
        AgreePlan(
            recorded_on=D(2024, 4, 18),
            role=SR,
            sr_percentage=Decimal(5),
            notes="Vooral plaatsingen in de groenploegen, aangevuld met inkoop bij Werkbedrijf.",
        ),
        propose(
            D(2024, 4, 25),
            placement(
                "A.B.",
                "participatiewet",
                D(1986, 3, 12),
                "participatiewet-lt2",
                D(2024, 5, 1),
                D(2026, 4, 30),
                "36",
            ),
            *evidence(D(2024, 3, 20), D(2024, 4, 24), "besluit bijstandsuitkering"),
        ),
        approve(D(2024, 5, 6), "P1"),
        propose(
            D(2024, 5, 27),
            placement(
                "C.d.V.", "ww", D(1979, 11, 2), "ww-lt1", D(2024, 6, 1), D(2025, 2, 28), "32"
            ),
            *evidence(D(2024, 5, 10), D(2024, 5, 24), "UWV-beschikking WW"),
        ),
        approve(D(2024, 6, 3), "P2"),
        propose(
            D(2024, 6, 24),
            placement(
                "E.F.",
                "participatiewet",
                D(1971, 7, 30),
                "participatiewet-gt2",
                D(2024, 7, 1),
                D(2026, 6, 30),
                "36",
            ),
            *evidence(D(2024, 6, 1), D(2024, 6, 20), "besluit bijstandsuitkering"),
        ),
        approve(D(2024, 7, 2), "P3"),
        propose(
            D(2024, 8, 19),
            placement(
                "G.H.",
                "bbl",
                D(2005, 1, 9),
                "bbl-1-2",
                D(2024, 9, 1),
                D(2025, 8, 31),
                "38",
                sroi.PlacementKind.BBL,
            ),
            *evidence(D(2024, 8, 1), None, "inschrijving mbo niveau 2"),
        ),
        Reject(
            recorded_on=D(2024, 8, 26),
            role=SR,
            item_id="P4",
            reason="Kandidaat was al in dienst voor de gunning; telt niet als nieuwe plaatsing.",
        ),
        propose(
            D(2024, 9, 2),
            placement(
                "I.J.",
                "geen-uitkering",
                D(1998, 4, 4),
                "no-benefit",
                D(2024, 9, 16),
                D(2025, 9, 15),
                "24",
            ),
        ),
        Withdraw(
            recorded_on=D(2024, 9, 12),
            role=C,
            item_id="P5",
            reason="Kandidaat heeft elders een baan gevonden voor de start.",
        ),
        purchase(
            D(2024, 10, 7), WERKBEDRIJF, "sw-company", D(2024, 9, 30), "18500.00", "WB-2024-0917"
        ),
        approve(D(2024, 10, 14), "S1"),
        CorrectPlacement(
            recorded_on=D(2024, 11, 4),
            role=C,
            item_id="P1",
            hours_per_week=Decimal(32),
        ),
        propose(
            D(2024, 11, 25),
            placement(
                "K.L.",
                "doelgroepregister",
                D(1990, 12, 1),
                "doelgroepregister",
                D(2024, 12, 1),
                D(2026, 11, 30),
                "24",
            ),
            sroi.EvidenceItem(START, "registratie doelgroepregister", D(2024, 11, 15)),
        ),
        approve(D(2024, 12, 2), "P6"),
        AmendContract(
            recorded_on=D(2024, 12, 16),
            effective_on=D(2025, 1, 1),
            role=BUYER,
            value_excl_vat=Decimal("2750000.00"),
            note="Meerwerk: onderhoud van het nieuwe stadspark vanaf 2025.",
        ),
        ExtendPlacement(recorded_on=D(2025, 2, 17), role=C, item_id="P2", new_last=D(2025, 8, 31)),
        purchase(D(2025, 2, 24), DRUKKERIJ, "pso-2", D(2025, 2, 14), "12000.00", "DAW-25-0211"),
        approve(D(2025, 3, 3), "S2"),
        CorrectPurchase(
            recorded_on=D(2025, 3, 10),
            role=C,
            item_id="S2",
            purchase=sroi.SocialPurchase(
                DRUKKERIJ, "pso-2", D(2025, 2, 14), Decimal("10800.00"), "DAW-25-0211 (credit)"
            ),
        ),
        project(
            D(2025, 3, 24),
            "Gastlessen groenonderhoud op het Rijnstede College",
            sroi.Period(D(2025, 3, 17), D(2025, 3, 21)),
            "mvo",
            hours="16",
        ),
        approve(D(2025, 3, 31), "R1"),
        ReportEarlyExit(
            recorded_on=D(2025, 4, 14),
            effective_on=D(2025, 3, 31),
            role=C,
            item_id="P3",
            exit_date=D(2025, 3, 31),
        ),
        project(
            D(2025, 4, 28),
            "Aanleg moestuin buurthuis De Kring (afgesproken bedrag)",
            sroi.Period(D(2025, 4, 1), D(2025, 4, 30)),
            "mvo",
            agreed="2500.00",
        ),
        approve(D(2025, 5, 6), "R2"),
        ApplyBonus(
            recorded_on=D(2025, 5, 12),
            role=C,
            item_id="P1",
            code="permanent-contract",
            granted_on=D(2025, 5, 1),
        ),
        propose(
            D(2025, 6, 16),
            placement(
                "M.N.",
                "statushouder",
                D(1994, 2, 20),
                "no-benefit",
                D(2025, 6, 1),
                D(2026, 5, 31),
                "32",
            ),
            *evidence(D(2025, 5, 28), D(2025, 5, 30), "verklaring gemeente (statushouder)"),
        ),
    ]
    contacts = (ContactPerson(BUYER, "R.S."), ContactPerson(SR, "T.v.D."))
    return history(contract, D(2024, 3, 1), events, *contacts)


def _mg_school() -> ContractHistory:
    """A building contract with a PSO-certified contractor (a discount on the obligation)."""
    contract = sroi.Contract(
        "MG-2024-014",
        "Nieuwbouw brede school De Kempen",
        sroi.Period(D(2024, 9, 1), D(2025, 12, 31)),
        BOUW,
        value_excl_vat=Decimal("4800000.00"),
        sr_percentage=Decimal(5),
        award_date=D(2024, 6, 20),
        region="midden-gelderland",
        adjustments=("pso-1",),
        buyer=RIJNSTEDE,
    )
    events: list[Event] = [
        propose(
            D(2024, 9, 9),
            placement(
                "O.P.",
                "bbl",
                D(2003, 5, 17),
                "bbl-3-4",
                D(2024, 9, 1),
                D(2025, 8, 31),
                "38",
                sroi.PlacementKind.BBL,
            ),
            *evidence(D(2024, 8, 20), D(2024, 8, 30), "inschrijving mbo niveau 3"),
        ),
        approve(D(2024, 9, 16), "P1"),
        propose(
            D(2024, 10, 7),
            placement("Q.R.", "ww", D(1968, 9, 8), "ww-gt1", D(2024, 10, 1), D(2025, 9, 30), "36"),
            *evidence(D(2024, 9, 18), D(2024, 9, 27), "UWV-beschikking WW"),
        ),
        RequestChanges(
            recorded_on=D(2024, 10, 14),
            role=SR,
            item_id="P2",
            reason="De startdatum in de overeenkomst wijkt af; graag corrigeren.",
        ),
        CorrectPlacement(
            recorded_on=D(2024, 10, 21),
            role=C,
            item_id="P2",
            period=sroi.Period(D(2024, 10, 7), D(2025, 10, 6)),
        ),
        Resubmit(recorded_on=D(2024, 10, 21), role=C, item_id="P2", note="Startdatum 7 oktober."),
        approve(D(2024, 10, 28), "P2"),
        purchase(
            D(2025, 1, 20), WERKBEDRIJF, "sw-company", D(2025, 1, 10), "9250.00", "WB-2025-0031"
        ),
        approve(D(2025, 1, 27), "S1"),
        project(
            D(2025, 5, 19),
            "Open bouwplaatsdag voor leerlingen praktijkonderwijs",
            sroi.Period(D(2025, 5, 14), D(2025, 5, 14)),
            "mvo",
            hours="12",
        ),
    ]
    return history(contract, D(2024, 7, 1), events, ContactPerson(SR, "T.v.D."))


def _mg_cleaning() -> ContractHistory:
    """A smaller services contract: a work-experience place and a purchase."""
    contract = sroi.Contract(
        "MG-2024-022",
        "Schoonmaak gemeentelijke gebouwen",
        sroi.Period(D(2024, 7, 1), D(2026, 6, 30)),
        SCHOON,
        value_excl_vat=Decimal("900000.00"),
        sr_percentage=Decimal(5),
        award_date=D(2024, 5, 2),
        region="midden-gelderland",
        buyer=RIJNSTEDE,
    )
    events: list[Event] = [
        propose(
            D(2024, 8, 5),
            placement(
                "U.V.",
                "participatiewet",
                D(1996, 10, 10),
                "work-experience",
                D(2024, 8, 1),
                D(2025, 1, 31),
                "24",
                sroi.PlacementKind.WORK_EXPERIENCE,
            ),
            *evidence(D(2024, 7, 15), D(2024, 7, 30), "besluit bijstandsuitkering"),
        ),
        approve(D(2024, 8, 12), "P1"),
        propose(
            D(2025, 2, 3),
            placement(
                "U.V.",
                "participatiewet",
                D(1996, 10, 10),
                "participatiewet-lt2",
                D(2025, 2, 1),
                D(2027, 1, 31),
                "30",
            ),
            *evidence(D(2024, 7, 15), D(2025, 1, 29), "besluit bijstandsuitkering"),
        ),
        approve(D(2025, 2, 10), "P2"),
        RecordEvidence(
            recorded_on=D(2025, 2, 10),
            role=C,
            item_id="P2",
            evidence=sroi.EvidenceItem(SIGNED, "arbeidsovereenkomst (getekend)", D(2025, 2, 7)),
        ),
        purchase(
            D(2025, 4, 7), WERKBEDRIJF, "sw-company", D(2025, 3, 31), "6400.00", "WB-2025-0288"
        ),
        approve(D(2025, 4, 14), "S1"),
    ]
    return history(contract, D(2024, 6, 1), events)


def midden_gelderland() -> sroi.Portfolio:
    """The Midden-Gelderland example: three contracts of the fictitious municipality Rijnstede."""
    return sroi.Portfolio(
        organisations=(RIJNSTEDE, GROEN, BOUW, SCHOON, WERKBEDRIJF, DRUKKERIJ),
        contracts=(_mg_green(), _mg_school(), _mg_cleaning()),
    )


# --- Noord-Holland -------------------------------------------------------------------------------

INKOOPBUREAU = sroi.Organisation("Regionaal Inkoopbureau Zaanstreek (fictief)")
WEGEN = sroi.Organisation("Wegenbouw Kennemerland B.V.", kvk="90000031")
FIETS = sroi.Organisation("Fietsinfra Waterland B.V.", kvk="90000032")
SW_ZAAN = sroi.Organisation("Zaanwerk Sociaal Bedrijf", kvk="90000041")


def _nh_road() -> ContractHistory:
    """Three years of road maintenance valued with the provisional table."""
    contract = sroi.Contract(
        "NH-2024-0031",
        "Groot onderhoud provinciale weg N999",
        sroi.Period(D(2024, 5, 1), D(2027, 4, 30)),
        WEGEN,
        value_excl_vat=Decimal("6000000.00"),
        sr_percentage=Decimal(5),
        award_date=D(2024, 3, 28),
        region="noord-holland",
        buyer=INKOOPBUREAU,
    )
    events: list[Event] = [
        AgreePlan(
            recorded_on=D(2024, 4, 15),
            role=SR,
            measurement_fractions=(Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1)),
            notes="Plaatsingen in de asfaltploeg en inkoop van groenonderhoud bij Zaanwerk.",
        ),
        propose(
            D(2024, 5, 13),
            placement(
                "W.X.", "wia", D(1972, 2, 14), "wia-wao", D(2024, 5, 1), D(2026, 4, 30), "36"
            ),
            *evidence(D(2024, 4, 22), D(2024, 4, 29), "UWV-beschikking WIA"),
        ),
        approve(D(2024, 5, 21), "P1"),
        propose(
            D(2024, 6, 3),
            placement(
                "Y.Z.", "wajong", D(2001, 8, 23), "wajong", D(2024, 6, 1), D(2025, 11, 30), "28"
            ),
            *evidence(D(2024, 5, 16), D(2024, 5, 30), "UWV-beschikking Wajong"),
        ),
        approve(D(2024, 6, 10), "P2"),
        propose(
            D(2024, 8, 26),
            placement(
                "B.C.",
                "bbl",
                D(2006, 3, 3),
                "bbl",
                D(2024, 9, 1),
                D(2026, 8, 31),
                "38",
                sroi.PlacementKind.BBL,
            ),
            *evidence(D(2024, 8, 12), D(2024, 8, 22), "BBL-leerwerkovereenkomst"),
        ),
        approve(D(2024, 9, 2), "P3"),
        propose(
            D(2024, 9, 9),
            placement("D.E.", "ww", D(1985, 6, 6), "ww-lt1", D(2024, 9, 1), D(2025, 8, 31), "36"),
        ),
        Reject(
            recorded_on=D(2024, 9, 23),
            role=SR,
            item_id="P4",
            reason="Geen bewijs van de WW-uitkering aangeleverd binnen de termijn.",
        ),
        purchase(D(2024, 10, 28), SW_ZAAN, "sw-company", D(2024, 10, 18), "22400.00", "ZW-24-1102"),
        approve(D(2024, 11, 4), "S1"),
        AmendContract(
            recorded_on=D(2024, 11, 18),
            effective_on=D(2025, 1, 1),
            role=BUYER,
            value_excl_vat=Decimal("5400000.00"),
            note="Minderwerk: fase 3 (rotonde) vervalt.",
        ),
        ReportEarlyExit(
            recorded_on=D(2025, 1, 13), role=C, item_id="P2", exit_date=D(2024, 12, 31)
        ),
        propose(
            D(2025, 2, 3),
            placement(
                "F.G.",
                "participatiewet",
                D(1967, 12, 5),
                "participatiewet-gt2",
                D(2025, 2, 1),
                D(2027, 1, 31),
                "32",
            ),
            sroi.EvidenceItem(START, "besluit bijstandsuitkering", D(2025, 1, 20)),
        ),
        approve(D(2025, 2, 10), "P5"),
        ApplyBonus(
            recorded_on=D(2025, 3, 3),
            role=C,
            item_id="P1",
            code="permanent-contract",
            granted_on=D(2025, 3, 1),
        ),
        project(
            D(2025, 4, 14),
            "Veilig-verkeerlessen op drie basisscholen",
            sroi.Period(D(2025, 4, 7), D(2025, 4, 11)),
            "mvo",
            hours="30",
        ),
        approve(D(2025, 4, 22), "R1"),
        CorrectPlacement(
            recorded_on=D(2025, 5, 12),
            role=C,
            item_id="P3",
            hours_per_week=Decimal(32),
        ),
        purchase(D(2025, 6, 9), SW_ZAAN, "sw-company", D(2025, 5, 30), "15800.00", "ZW-25-0530"),
    ]
    contacts = (ContactPerson(BUYER, "H.K."), ContactPerson(SR, "L.M."))
    return history(contract, D(2024, 4, 2), events, *contacts)


def _nh_cycling() -> ContractHistory:
    """Cycle-path management: an extension, a withdrawn proposal, an agreed-amount project."""
    contract = sroi.Contract(
        "NH-2024-0047",
        "Beheer en onderhoud fietsvoorzieningen Waterland",
        sroi.Period(D(2024, 10, 1), D(2026, 9, 30)),
        FIETS,
        value_excl_vat=Decimal("1200000.00"),
        sr_percentage=Decimal(5),
        award_date=D(2024, 8, 15),
        region="noord-holland",
        buyer=INKOOPBUREAU,
    )
    events: list[Event] = [
        propose(
            D(2024, 10, 14),
            placement("N.O.", "ww", D(1990, 1, 25), "ww-gt1", D(2024, 10, 1), D(2025, 3, 31), "36"),
            *evidence(D(2024, 9, 24), D(2024, 9, 30), "UWV-beschikking WW"),
        ),
        approve(D(2024, 10, 21), "P1"),
        propose(
            D(2024, 11, 4),
            placement(
                "P.Q.",
                "mbo",
                D(2007, 2, 2),
                "bol",
                D(2025, 2, 3),
                D(2025, 6, 27),
                "32",
                sroi.PlacementKind.BOL_INTERNSHIP,
            ),
        ),
        Withdraw(
            recorded_on=D(2024, 12, 9),
            role=C,
            item_id="P2",
            reason="De school heeft de stageplaats elders ingevuld.",
        ),
        ExtendPlacement(recorded_on=D(2025, 3, 24), role=C, item_id="P1", new_last=D(2025, 12, 31)),
        project(
            D(2025, 5, 26),
            "Fietsreparatiedag met een buurtinitiatief (afgesproken bedrag)",
            sroi.Period(D(2025, 5, 24), D(2025, 5, 24)),
            "mvo",
            agreed="1750.00",
        ),
        approve(D(2025, 6, 2), "R1"),
    ]
    return history(contract, D(2024, 9, 2), events, ContactPerson(SR, "L.M."))


def noord_holland() -> sroi.Portfolio:
    """The Noord-Holland example: two contracts valued with the provisional table."""
    return sroi.Portfolio(
        organisations=(INKOOPBUREAU, WEGEN, FIETS, SW_ZAAN),
        contracts=(_nh_road(), _nh_cycling()),
    )


EXAMPLES = {"midden-gelderland.json": midden_gelderland, "noord-holland.json": noord_holland}
"""The example files and the functions that build them."""


def main() -> None:
    """Write every example portfolio next to this script."""
    for name, build in EXAMPLES.items():
        sroi.dump_portfolio(build(), HERE / name)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
